using System.Globalization;
using ActorViews.Streaming.Kafka;
using ActorViews.Tests.Shared;
using Confluent.Kafka;

namespace ActorViews.Integration.Tests.Cluster;

/// <summary>Partition views on the broker: each partition's events of every key, in offset order, once in effect.</summary>
public sealed class PartitionViewTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private const int Keys = 24;
    private const int TicksPerKey = 40;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_partition_view_applies_its_partitions_events_of_every_key_in_offset_order_once_across_a_handover()
    {
        var topic = fixture.CreateTestTopic("ticks-partition-");
        await using var cluster = await fixture.StartClusterAsync(
            silos: 2,
            configure: options => options.AddTopic<Tick>(topic, ClusterFixture.Partitions).WithPartitionView<ITickPartitionView>());
        var prefix = Guid.NewGuid().ToString("N")[..6];
        var keys = Enumerable.Range(0, Keys).Select(i => $"{prefix}-{i}").ToArray();
        using var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = fixture.Broker.BootstrapServers, Partitioner = Partitioner.Murmur2, LingerMs = 0 }).Build();
        var lastOffsets = new Dictionary<int, long>();
        var produced = new Dictionary<int, int>();

        await ProduceAsync(producer, topic, keys, 1, TicksPerKey / 2, produced, lastOffsets);
        await Deadline.Until(
            async () => (await LedgersAsync(cluster, topic, produced.Keys)).Values.Sum(l => l.Applied) > 0,
            Timeout,
            "the partition views to apply the first events");

        // Silo 1's partitions move to silo 0, whose partition views go on from the committed offsets.
        await cluster.StopSiloAsync(cluster.Silos[1]);
        await ProduceAsync(producer, topic, keys, (TicksPerKey / 2) + 1, TicksPerKey, produced, lastOffsets);

        IReadOnlyDictionary<int, PartitionTickLedger> ledgers = new Dictionary<int, PartitionTickLedger>();
        await Deadline.Until(
            async () => (ledgers = await LedgersAsync(cluster, topic, produced.Keys)).All(l => l.Value.Applied >= produced[l.Key]),
            Timeout,
            () => $"every partition view to apply its partition's events; applied/produced: {string.Join(", ", ledgers.Select(l => $"{l.Key}: {l.Value.Applied}/{produced[l.Key]}"))}");

        Assert.Equal(Keys * TicksPerKey, produced.Values.Sum());
        foreach (var (partition, ledger) in ledgers)
        {
            Assert.Equal(produced[partition], ledger.Applied);
            Assert.Equal(lastOffsets[partition], ledger.LastOffset);
            Assert.Equal(0, ledger.OutOfOrder);
            Assert.Equal(0, ledger.Misrouted);
            Assert.All(ledger.LastSeqByKey.Values, seq => Assert.Equal(TicksPerKey, seq));
        }

        // 24 keys over 8 partitions: some partition view holds several keys, so the order held across keys.
        Assert.Contains(ledgers.Values, l => l.LastSeqByKey.Count > 1);
    }

    [Fact]
    public async Task A_message_that_cannot_be_decoded_is_dead_lettered_once_while_key_and_partition_views_apply_its_neighbours()
    {
        var topic = fixture.CreateTestTopic("ticks-partition-poison-");
        await using var cluster = await fixture.StartClusterAsync(
            silos: 1,
            configure: options => options.AddTopic<Tick>(topic, ClusterFixture.Partitions).WithView<ITickView>().WithPartitionView<ITickPartitionView>());
        var key = "poison-" + Guid.NewGuid().ToString("N")[..6];
        using var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = fixture.Broker.BootstrapServers, Partitioner = Partitioner.Murmur2, LingerMs = 0 }).Build();

        await producer.ProduceAsync(topic, new Message<string, string> { Key = key, Value = $$"""{"key":"{{key}}","seq":1}""" });
        var poison = await producer.ProduceAsync(topic, new Message<string, string> { Key = key, Value = "not a tick" });
        var last = await producer.ProduceAsync(topic, new Message<string, string> { Key = key, Value = $$"""{"key":"{{key}}","seq":2}""" });
        var partition = last.Partition.Value;

        // The commit passes an offset only once every lane is done with it: past the last, the dead letter is written.
        await Deadline.Until(
            async () => (await ClusterFixture.StatusAsync(cluster)).Any(p => p.Topic == topic && p.Partition == partition && p.CommittedOffset > last.Offset.Value),
            Timeout,
            $"the commit of {topic}-{partition} to pass offset {last.Offset.Value}");

        var keyView = await cluster.Client.GetGrain<ITickView>(key).GetAsync();
        var partitionView = await cluster.Client.GetGrain<ITickPartitionView>(KafkaPartitionKey.Of(topic, partition)).GetAsync();
        Assert.Equal((2, 0), (keyView.Applied, keyView.OutOfOrder));
        Assert.Equal((2, 0), (partitionView.Applied, partitionView.OutOfOrder));
        var letter = Assert.Single(DeadLetters.ReadAll(fixture.Broker.BootstrapServers, topic + ".dlq", ClusterFixture.Partitions, key, Timeout));
        Assert.Equal(poison.Offset.Value.ToString(CultureInfo.InvariantCulture), letter.Headers[DeadLetterHeaders.SourceOffset]);
        Assert.StartsWith("The value is not a valid Tick", letter.Headers[DeadLetterHeaders.Reason], StringComparison.Ordinal);
    }

    private static async Task ProduceAsync(IProducer<string, string> producer, string topic, string[] keys, int fromSeq, int toSeq, Dictionary<int, int> produced, Dictionary<int, long> lastOffsets)
    {
        // Tick by tick across the keys, so each partition interleaves its keys.
        for (var seq = fromSeq; seq <= toSeq; seq++)
        {
            foreach (var key in keys)
            {
                var written = await producer.ProduceAsync(topic, new Message<string, string> { Key = key, Value = $$"""{"key":"{{key}}","seq":{{seq}}}""" });
                var partition = written.Partition.Value;
                produced[partition] = produced.GetValueOrDefault(partition) + 1;
                lastOffsets[partition] = written.Offset.Value;
            }
        }
    }

    private static async Task<IReadOnlyDictionary<int, PartitionTickLedger>> LedgersAsync(Orleans.TestingHost.InProcessTestCluster cluster, string topic, IEnumerable<int> partitions)
    {
        var ledgers = new Dictionary<int, PartitionTickLedger>();
        foreach (var partition in partitions)
        {
            ledgers[partition] = await cluster.Client.GetGrain<ITickPartitionView>(KafkaPartitionKey.Of(topic, partition)).GetAsync();
        }

        return ledgers;
    }
}
