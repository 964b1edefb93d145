using ActorViews.Streaming.Kafka;
using ActorViews.Tests.Shared;
using Confluent.Kafka;
using Orleans.TestingHost;

namespace ActorViews.Integration.Tests.Cluster;

/// <summary>
/// Two silos, the embedded broker over TCP, views in PostgreSQL: events from an external producer reach the
/// grain of their key in order, partitions are spread over both silos, and stopping a silo moves its
/// partitions without losing or double-applying an event. Run against the view engine and against streams.
/// </summary>
public sealed class ClusterDeliveryTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private const int Keys = 150;
    private const int EventsPerKey = 20;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public Task View_engine_keeps_order_and_loses_nothing_when_a_silo_stops() =>
        RunAsync(ClusterFixture.ViewTopic, View, kill: false);

    [Fact]
    public Task Orleans_streams_keep_order_and_lose_nothing_when_a_silo_stops() =>
        RunAsync(ClusterFixture.StreamTopic, Stream, kill: false);

    [Fact]
    public Task View_engine_applies_redelivered_events_once_when_a_silo_is_killed() =>
        RunAsync(ClusterFixture.ViewTopic, View, kill: true);

    [Fact]
    public Task Orleans_streams_apply_redelivered_events_once_when_a_silo_is_killed() =>
        RunAsync(ClusterFixture.StreamTopic, Stream, kill: true);

    [Fact]
    public Task View_engine_dead_letters_a_poison_event_and_keeps_the_view_and_partition_going() =>
        PoisonAsync(ClusterFixture.ViewTopic, View);

    [Fact]
    public Task Orleans_streams_dead_letter_an_event_they_cannot_deliver_instead_of_skipping_it() =>
        PoisonAsync(ClusterFixture.StreamTopic, Stream);

    private async Task PoisonAsync(string topic, Func<InProcessTestCluster, string, Task<TickLedger>> ledgerOf)
    {
        await using var cluster = await fixture.StartClusterAsync(silos: 1);
        var key = "poison-" + Guid.NewGuid().ToString("N")[..6];
        using var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = fixture.Broker.BootstrapServers, Partitioner = Partitioner.Murmur2 }).Build();
        var poisonOffset = 0L;
        foreach (var seq in new[] { 1, -1, 2, 3 })
        {
            var written = await producer.ProduceAsync(topic, new Message<string, string> { Key = key, Value = $$"""{"key":"{{key}}","seq":{{seq}}}""" });
            poisonOffset = seq < 0 ? written.Offset.Value : poisonOffset;
        }

        TickLedger ledger = new();
        await Deadline.Until(
            () => Settled(async () => (ledger = await ledgerOf(cluster, key)).LastSeq == 3),
            Timeout,
            () => $"the events after the poison to be applied; the view is at {ledger.LastSeq}");
        Assert.Equal(3, ledger.Applied);
        Assert.Equal(0, ledger.OutOfOrder);

        var partition = Streaming.Kafka.KafkaPartitioner.PartitionFor(key, ClusterFixture.Partitions);
        var dead = DeadLetters.Read(fixture.Broker.BootstrapServers, topic + ".dlq", key, Timeout);
        Assert.Equal($$"""{"key":"{{key}}","seq":-1}""", dead.Value);
        Assert.Equal(poisonOffset.ToString(System.Globalization.CultureInfo.InvariantCulture), dead.Headers["actorviews.dlq.offset"]);
        Assert.Equal(partition.ToString(System.Globalization.CultureInfo.InvariantCulture), dead.Headers["actorviews.dlq.partition"]);
        Assert.False(string.IsNullOrWhiteSpace(dead.Headers["actorviews.dlq.reason"]));

        await Deadline.Until(
            () => Settled(async () => (await ClusterFixture.StatusAsync(cluster)).Single(p => p.Topic == topic && p.Partition == partition).Lag == 0),
            Timeout,
            "the partition's offset to be committed past the dead-lettered event");
    }

    private static Task<TickLedger> View(InProcessTestCluster cluster, string key) => cluster.Client.GetGrain<ITickView>(key).GetAsync();

    private static Task<TickLedger> Stream(InProcessTestCluster cluster, string key) => cluster.Client.GetGrain<ITickStreamConsumer>(key).GetAsync();

    // While a killed silo is being declared dead, calls routed to it fail; that is "not yet", not a verdict.
    private static async Task<bool> Settled(Func<Task<bool>> condition)
    {
        try
        {
            return await condition();
        }
        catch (Exception ex) when (ex is OrleansException or TimeoutException)
        {
            return false;
        }
    }

    // An in-process kill is no crash: Orleans still shuts the silo's receivers down, and they commit everything
    // they applied, leaving nothing to redeliver. A crashed silo's partitions are claimed by a successor before it
    // could commit again; superseding its claims first does the same here, so its commits are refused from then on.
    // The claims are superseded before the next events are produced: a commit that checked its claim just before
    // may still land, but it cannot cover events written afterwards.
    private async Task<int[]> SupersedeVictimAsync(InProcessTestCluster cluster, string topic)
    {
        var owner = cluster.Silos[1].SiloAddress.ToParsableString();
        int[] owned = [];
        await Deadline.Until(
            () => Settled(async () => (owned = [.. (await ClusterFixture.StatusAsync(cluster)).Where(p => p.Topic == topic && p.Owner == owner).Select(p => p.Partition)]).Length > 0),
            Timeout,
            $"silo {owner} to read a partition of {topic}");
        OwnersGroup.Supersede(cluster, fixture.Broker.BootstrapServers, topic, owned, Timeout);
        return owned;
    }

    // Kills the victim once it has applied events of its superseded partitions that no commit covers, which the
    // survivor must then redeliver.
    private static async Task KillLeavingAppliedEventsUncommittedAsync(InProcessTestCluster cluster, string topic, int[] superseded, string[] keys, Func<InProcessTestCluster, string, Task<TickLedger>> ledgerOf)
    {
        var victim = cluster.Silos[1];
        await Deadline.Until(
            () => Settled(async () => (await AppliedButUncommittedAsync(cluster, topic, superseded, keys, ledgerOf)).Length > 0),
            Timeout,
            $"silo {victim.SiloAddress}, its claims of {topic} partitions {string.Join(",", superseded)} superseded, to apply events written since, which it cannot commit");
        await cluster.KillSiloAsync(victim);
    }

    // Those of partitions where a view has applied the event at the committed offset or later.
    private static async Task<int[]> AppliedButUncommittedAsync(InProcessTestCluster cluster, string topic, int[] partitions, string[] keys, Func<InProcessTestCluster, string, Task<TickLedger>> ledgerOf)
    {
        // The ledgers first: events applied after them only go unseen, while a commit before the offsets are read counts.
        var ledgers = await Task.WhenAll(keys.Select(k => ledgerOf(cluster, k)));
        var status = (await ClusterFixture.StatusAsync(cluster)).Where(p => p.Topic == topic && partitions.Contains(p.Partition)).ToList();
        return [.. status.Where(p => ledgers.Any(l => !l.Offsets.IsNew(topic, p.Partition, p.CommittedOffset ?? 0))).Select(p => p.Partition)];
    }

    private async Task RunAsync(string topic, Func<InProcessTestCluster, string, Task<TickLedger>> ledgerOf, bool kill)
    {
        // When killing, commit rarely: the dead silo leaves applied but uncommitted events for the survivor to redeliver.
        await using var cluster = await fixture.StartClusterAsync(silos: 2, commitInterval: kill ? TimeSpan.FromSeconds(5) : null);
        var prefix = Guid.NewGuid().ToString("N")[..6];
        var keys = Enumerable.Range(0, Keys).Select(i => $"{prefix}-{i}").ToArray();

        KafkaPartitionStatus[] spread = [];
        await Deadline.Until(
            () => Settled(async () => (spread = [.. (await ClusterFixture.StatusAsync(cluster)).Where(p => p.Topic == topic)]).Select(p => p.Owner).Where(o => o is not null).Distinct().Count() == 2),
            Timeout,
            () => $"the partitions of {topic} to be read by both silos; last seen {string.Join(", ", spread.Select(p => $"{p.Partition}: {p.Owner ?? "no reader"}"))}");

        using var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = fixture.Broker.BootstrapServers, Partitioner = Partitioner.Murmur2, LingerMs = 5 }).Build();
        int[] superseded = [];
        for (var seq = 1; seq <= EventsPerKey; seq++)
        {
            foreach (var key in keys)
            {
                producer.Produce(topic, new Message<string, string> { Key = key, Value = $$"""{"key":"{{key}}","seq":{{seq}}}""" });
            }

            if (seq == EventsPerKey / 2)
            {
                producer.Flush(Timeout);
                await Deadline.Until(
                    async () => (await ledgerOf(cluster, keys[0])).LastSeq > 0,
                    Timeout,
                    "the first half of the events to be flowing before a silo stops");
                if (kill)
                {
                    superseded = await SupersedeVictimAsync(cluster, topic);
                }
                else
                {
                    await cluster.StopSiloAsync(cluster.Silos[1]);
                }
            }

            if (kill && seq == EventsPerKey / 2 + 1)
            {
                producer.Flush(Timeout);
                await KillLeavingAppliedEventsUncommittedAsync(cluster, topic, superseded, keys, ledgerOf);
            }
        }

        producer.Flush(Timeout);

        TickLedger[] latest = [];
        await Deadline.Until(
            () => Settled(async () => (latest = await Task.WhenAll(keys.Select(k => ledgerOf(cluster, k)))).All(l => l.LastSeq == EventsPerKey)),
            Timeout,
            () => $"every one of {Keys} keys to reach event {EventsPerKey}; {latest.Count(l => l.LastSeq == EventsPerKey)} did, last seen {string.Join(",", latest.Select(l => l.LastSeq).Distinct().Order())}");

        var ledgers = await Task.WhenAll(keys.Select(k => ledgerOf(cluster, k)));
        Assert.All(ledgers, l => Assert.Equal(EventsPerKey, l.Applied));
        Assert.All(ledgers, l => Assert.Equal(0, l.OutOfOrder));
        if (kill)
        {
            Assert.True(ledgers.Sum(l => l.Skipped) > 0, "the killed silo's uncommitted events should have been redelivered (and skipped)");
        }

        var survivor = cluster.Silos[0].SiloAddress.ToParsableString();
        await Deadline.Until(
            () => Settled(async () => (await ClusterFixture.StatusAsync(cluster)).Where(p => p.Topic == topic).All(p => p.Owner == survivor && p.Lag == 0)),
            Timeout,
            $"every partition of {topic} to be read by the surviving silo with its offsets committed to the end");
    }
}
