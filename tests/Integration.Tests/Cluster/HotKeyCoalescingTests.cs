using ActorViews.Streaming.Kafka;
using ActorViews.Tests.Shared;
using Confluent.Kafka;

namespace ActorViews.Integration.Tests.Cluster;

/// <summary>Views slower than the log: a key's events that arrive while its call cannot start yet go to the view in one call.</summary>
public sealed class HotKeyCoalescingTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Events_arriving_while_a_keys_call_is_in_flight_are_applied_in_one_next_call()
    {
        const int Later = 200;
        var topic = fixture.CreateHotTopic();
        await using var cluster = await fixture.StartClusterAsync(silos: 1, hotTopic: topic);
        var key = "hot-" + Guid.NewGuid().ToString("N")[..6];
        var hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        HotTickViewGrain.Holds[key] = hold;
        using var consumed = new ProviderCounter("actorviews.kafka.events.consumed", topic);
        using var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = fixture.Broker.BootstrapServers, Partitioner = Partitioner.Murmur2, LingerMs = 0 }).Build();

        await ProduceAsync(producer, topic, key, 1);
        await Deadline.Until(() => HotTickViewGrain.Entered.ContainsKey(key), Timeout, "the key's first call to reach its view");

        // One at a time, so they reach the provider in many read batches, not one.
        for (var seq = 2; seq <= Later + 1; seq++)
        {
            await ProduceAsync(producer, topic, key, seq);
        }

        await Deadline.Until(() => consumed.Count >= Later + 1, Timeout, () => $"the provider to read every event; it read {consumed.Count} of {Later + 1}");
        hold.SetResult();

        IReadOnlyList<int> calls = [];
        var view = cluster.Client.GetGrain<IHotTickView>(key);
        await Deadline.Until(async () => (calls = await view.GetCallSizesAsync()).Sum() == Later + 1, Timeout, () => $"every event to be applied; calls so far: [{string.Join(", ", calls)}]");
        Assert.Equal([1, Later], calls);
    }

    [Fact]
    public async Task Events_arriving_while_a_keys_call_waits_for_a_permit_are_applied_in_one_call()
    {
        const int Later = 200;

        // One call in flight per partition: while the held key's call runs, every other key of its partition waits for the permit.
        var topic = fixture.CreateHotTopic();
        await using var cluster = await fixture.StartClusterAsync(silos: 1, maxConcurrentViewCalls: 1, hotTopic: topic);
        var held = "held-" + Guid.NewGuid().ToString("N")[..6];
        var waiting = SamePartitionAs(held);
        var hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        HotTickViewGrain.Holds[held] = hold;
        using var consumed = new ProviderCounter("actorviews.kafka.events.consumed", topic);
        using var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = fixture.Broker.BootstrapServers, Partitioner = Partitioner.Murmur2, LingerMs = 0 }).Build();

        await ProduceAsync(producer, topic, held, 1);
        await Deadline.Until(() => HotTickViewGrain.Entered.ContainsKey(held), Timeout, "the held key's call to reach its view");
        for (var seq = 1; seq <= Later; seq++)
        {
            await ProduceAsync(producer, topic, waiting, seq);
        }

        await Deadline.Until(() => consumed.Count >= Later + 1, Timeout, () => $"the provider to read every event; it read {consumed.Count} of {Later + 1}");
        hold.SetResult();

        IReadOnlyList<int> calls = [];
        var view = cluster.Client.GetGrain<IHotTickView>(waiting);
        await Deadline.Until(async () => (calls = await view.GetCallSizesAsync()).Sum() == Later, Timeout, () => $"every event of the waiting key to be applied; calls so far: [{string.Join(", ", calls)}]");
        Assert.Equal([Later], calls);
    }

    private static string SamePartitionAs(string key)
    {
        var partition = KafkaPartitioner.PartitionFor(key, ClusterFixture.Partitions);
        var prefix = "waiting-" + Guid.NewGuid().ToString("N")[..6] + "-";
        for (var i = 0; ; i++)
        {
            if (KafkaPartitioner.PartitionFor(prefix + i, ClusterFixture.Partitions) == partition)
            {
                return prefix + i;
            }
        }
    }

    private static Task ProduceAsync(IProducer<string, string> producer, string topic, string key, int seq) =>
        producer.ProduceAsync(topic, new Message<string, string> { Key = key, Value = $$"""{"key":"{{key}}","seq":{{seq}}}""" });
}
