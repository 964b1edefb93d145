using ActorViews.Tests.Shared;
using Confluent.Kafka;

namespace ActorViews.Integration.Tests.Cluster;

/// <summary>A key hotter than its view: the events that arrive while its call is in flight go to the view in one next call.</summary>
public sealed class HotKeyCoalescingTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Events_arriving_while_a_keys_call_is_in_flight_are_applied_in_one_next_call()
    {
        const int Later = 200;
        await using var cluster = await fixture.StartClusterAsync(silos: 1);
        var key = "hot-" + Guid.NewGuid().ToString("N")[..6];
        var hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        HotTickViewGrain.Holds[key] = hold;
        using var consumed = new ProviderCounter("actorviews.kafka.events.consumed", ClusterFixture.HotTopic);
        using var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = fixture.Broker.BootstrapServers, Partitioner = Partitioner.Murmur2, LingerMs = 0 }).Build();

        await ProduceAsync(producer, key, 1);
        await Deadline.Until(() => HotTickViewGrain.Entered.ContainsKey(key), Timeout, "the key's first call to reach its view");

        // One at a time, so they reach the provider in many read batches, not one.
        for (var seq = 2; seq <= Later + 1; seq++)
        {
            await ProduceAsync(producer, key, seq);
        }

        await Deadline.Until(() => consumed.Count >= Later + 1, Timeout, () => $"the provider to read every event; it read {consumed.Count} of {Later + 1}");
        hold.SetResult();

        IReadOnlyList<int> calls = [];
        var view = cluster.Client.GetGrain<IHotTickView>(key);
        await Deadline.Until(async () => (calls = await view.GetCallSizesAsync()).Sum() == Later + 1, Timeout, () => $"every event to be applied; calls so far: [{string.Join(", ", calls)}]");
        Assert.Equal([1, Later], calls);
    }

    private static Task ProduceAsync(IProducer<string, string> producer, string key, int seq) =>
        producer.ProduceAsync(ClusterFixture.HotTopic, new Message<string, string> { Key = key, Value = $$"""{"key":"{{key}}","seq":{{seq}}}""" });
}
