using System.Net;
using System.Text.Json;
using ActorViews.Tests.Shared;
using Confluent.Kafka;

namespace ActorViews.Integration.Tests.Operations;

/// <summary>
/// A partition whose reader is fenced shows in <c>/readyz</c> (503 naming it), <c>/v1/status/cluster</c> and the
/// log, and heals by itself: the silo is still the queue's rightful owner, so it claims the partition back.
/// </summary>
public sealed class FencedPartitionReadinessTests(BrokerSilo fixture) : IClassFixture<BrokerSilo>
{
    private const string Topic = "payments";

    // One generation in the high bits of the owners group's committed offset (the nonce below keeps its 20 bits).
    private const long OneGeneration = 1L << 20;

    // The silo's console log is written asynchronously: a line may follow the state it reports.
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly SiloProcess _silo = fixture.Silo;

    [Fact]
    public async Task A_fenced_partition_fails_readiness_naming_it_and_heals_when_its_owner_claims_it_back()
    {
        await Readiness.WaitForAsync(_silo, HttpStatusCode.OK, "every readiness check should pass once the silo reads its partitions");

        // The first message finds the partition the key lands on and lets its reader commit once.
        var first = await RawProducer.ProduceAsync(fixture.Broker.BootstrapServers, Topic, "fence-test", "not an event");
        var partition = first.Partition.Value;

        // Another receiver's claim, as a second silo that believed it owned the partition would write it.
        using (var owners = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig
        {
            BootstrapServers = fixture.Broker.BootstrapServers,
            GroupId = "actorviews.owners",
            EnableAutoCommit = false,
        }).Build())
        {
            var claimed = owners.Committed([new TopicPartition(Topic, partition)], TimeSpan.FromSeconds(10)).Single().Offset.Value;
            Assert.True(claimed > 0, $"the silo should have claimed {Topic}-{partition} before reading it, found {claimed}");
            owners.Commit([new TopicPartitionOffset(Topic, partition, claimed + OneGeneration)]);
        }

        // The reader learns of the claim when it next commits.
        await RawProducer.ProduceAsync(fixture.Broker.BootstrapServers, Topic, "fence-test", "not an event either");
        var fenced = await Readiness.WaitForAsync(_silo, HttpStatusCode.ServiceUnavailable, $"/readyz should answer 503 once {Topic}-{partition} is fenced");
        var check = Readiness.Checks(fenced).Single(c => c.Name == "partition-conditions");
        Assert.Equal("Unhealthy", check.Status);
        Assert.Contains($"{Topic}-{partition} Fenced since", check.Description);
        await Deadline.Until(() => _silo.Output.Contains($"Partition {Topic}-{partition} is Fenced since", StringComparison.Ordinal), Timeout, "the warning that the partition is fenced");

        using (var status = JsonDocument.Parse(await _silo.Http.GetStringAsync("/v1/status/cluster")))
        {
            var entry = status.RootElement.GetProperty("partitions").EnumerateArray()
                .Single(p => p.GetProperty("topic").GetString() == Topic && p.GetProperty("partition").GetInt32() == partition);
            Assert.Equal("Fenced", entry.GetProperty("condition").GetString());
        }

        var healed = await Readiness.WaitForAsync(_silo, HttpStatusCode.OK, $"/readyz should answer 200 again once the silo claims {Topic}-{partition} back");
        Assert.All(Readiness.Checks(healed), c => Assert.Equal("Healthy", c.Status));
        await Deadline.Until(() => _silo.Output.Contains($"Partition {Topic}-{partition} is no longer Fenced", StringComparison.Ordinal), Timeout, "the line that the partition is read again");
    }
}
