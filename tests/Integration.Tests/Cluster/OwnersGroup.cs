using ActorViews.Streaming.Kafka;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.TestingHost;

namespace ActorViews.Integration.Tests.Cluster;

/// <summary>
/// The companion group <c>&lt;ConsumerGroupId&gt;.owners</c> where every receiver writes its ownership epoch, as an
/// operator's plain consumer sees it.
/// </summary>
internal static class OwnersGroup
{
    /// <summary>
    /// Writes a claim over the current one of each of <paramref name="partitions"/>, as a successor's would be:
    /// the receivers holding them may no longer commit.
    /// </summary>
    public static void Supersede(InProcessTestCluster cluster, string bootstrapServers, string topic, IEnumerable<int> partitions, TimeSpan timeout)
    {
        var options = cluster.GetSiloServiceProvider(cluster.Silos[0].SiloAddress).GetRequiredService<IOptionsMonitor<KafkaStreamOptions>>().Get("kafka");
        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = options.ConsumerGroupId + ".owners",
            EnableAutoCommit = false,
        }).Build();
        var claims = consumer.Committed([.. partitions.Select(p => new TopicPartition(topic, p))], timeout);
        consumer.Commit([.. claims.Select(c => new TopicPartitionOffset(c.TopicPartition, Math.Max(c.Offset.Value, 0) + 1))]);
    }
}
