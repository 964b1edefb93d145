using ActorViews.Streaming.Kafka;
using ActorViews.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace ActorViews.Integration.Tests.Cluster;

/// <summary>
/// Partition affinity on two silos: a grain marked <see cref="KafkaPartitionPlacementAttribute"/> activates on the
/// silo that reads its key's partition, even when the first call comes from the other silo.
/// </summary>
public sealed class PartitionPlacementTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_grain_first_called_from_the_silo_not_reading_its_partition_activates_on_the_reader()
    {
        await using var cluster = await fixture.StartClusterAsync(silos: 2);
        var owners = await OwnersOfAllPartitionsAsync(cluster);

        // Every partition the other silo reads, each by a message key and by its partition view's key, called
        // first from this silo: placed anywhere but by partition, some would land here.
        var caller = cluster.Silos[0].SiloAddress;
        var callerGrains = cluster.GetSiloServiceProvider(caller).GetRequiredService<IGrainFactory>();
        var remote = owners.Where(o => o.Value != caller.ToParsableString()).ToList();
        Assert.NotEmpty(remote);
        foreach (var (partition, owner) in remote)
        {
            foreach (var key in new[] { KeyOf(partition), KeyOf(partition), KafkaPartitionKey.Of(ClusterFixture.ViewTopic, partition) })
            {
                Assert.Equal((key, owner), (key, await callerGrains.GetGrain<IPlacedProbe>(key).SiloAsync()));

                // Queries from anywhere find the activation where it is.
                Assert.Equal((key, owner), (key, await cluster.Client.GetGrain<IPlacedProbe>(key).SiloAsync()));
            }
        }
    }

    // Both silos read partitions once the queue balancer has spread them; the owners record says which.
    private static async Task<Dictionary<int, string>> OwnersOfAllPartitionsAsync(InProcessTestCluster cluster)
    {
        var record = new Dictionary<string, string>();
        await Deadline.Until(
            async () =>
            {
                record = await cluster.Client.GetGrain<IKafkaPartitionOwnersGrain>("kafka").GetOwnersAsync();
                var partitions = Enumerable.Range(0, ClusterFixture.Partitions).Select(p => KafkaPartitionKey.Of(ClusterFixture.ViewTopic, p)).ToList();
                return partitions.All(record.ContainsKey) && partitions.Select(p => record[p]).Distinct().Count() == cluster.Silos.Count;
            },
            Timeout,
            () => $"every partition of {ClusterFixture.ViewTopic} to have a reader, on both silos; the record is [{string.Join(", ", record.Select(o => $"{o.Key}={o.Value}"))}]");

        return Enumerable.Range(0, ClusterFixture.Partitions)
            .ToDictionary(p => p, p => record[KafkaPartitionKey.Of(ClusterFixture.ViewTopic, p)]);
    }

    private static string KeyOf(int partition)
    {
        while (true)
        {
            var key = $"probe-{Guid.NewGuid():N}";
            if (KafkaPartitioner.PartitionFor(key, ClusterFixture.Partitions) == partition)
            {
                return key;
            }
        }
    }
}
