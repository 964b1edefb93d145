using ActorViews.EmbeddedKafka;
using ActorViews.Integration.Tests.Cluster;
using ActorViews.Integration.Tests.Support;
using ActorViews.PostgreSql;
using ActorViews.Streaming.Kafka;
using ActorViews.Tests.Shared;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans.TestingHost;

namespace ActorViews.Integration.Tests.CatchUp;

/// <summary>
/// Issue 14 item 2: a view registered on a topic that already has history (the silo started again with one more
/// view) catches up to exactly the fold of the log, then goes live without a gap or a duplicate, while the view
/// that was there before is delivered nothing again. The issue names 50k orders; a topic of 50k test events
/// (ticks, each key's numbered from 1) shows the same, and a ledger per key makes a gap, a duplicate or a
/// redelivery countable.
/// </summary>
public sealed class NewViewCatchUpTests : IAsyncLifetime
{
    private const int Partitions = 4;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);
    private readonly EmbeddedKafkaBroker _broker = EmbeddedKafkaBroker.Start();
    private PostgresServer? _postgres;

    public async Task InitializeAsync() => _postgres = await PostgresServer.StartNewAsync();

    public async Task DisposeAsync()
    {
        LateTickGate.HeldKeys = [];
        _broker.Dispose();
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_view_added_over_50k_events_catches_up_to_the_fold_of_the_log_and_the_live_view_gets_no_redelivery()
    {
        var run = await NewRunAsync(keys: 100);
        await run.WriteHistoryAsync(ticksPerKey: 500, keyByKey: false);

        await using var after = await run.StartSiloAsync(withNewViews: true);
        await run.WaitForAsync(key => after.Client.GetGrain<ILateTickView>(key).GetAsync(), l => l.LastSeq == 500, "late-tick-view to catch up on the 50k events");
        await Deadline.Until(
            async () => (await run.ViewsAsync(after)).Single(v => v.Name == "late-tick-view") is { Status: "live", Lag: 0 },
            Timeout,
            "late-tick-view listed live with no lag once caught up");

        // One more tick per key after the hand-over: the new view gets it once, the tail view only it.
        await run.ProduceAsync(501, 501);
        await run.WaitForAsync(key => after.Client.GetGrain<ILateTickView>(key).GetAsync(), l => l.LastSeq == 501, "late-tick-view to apply the tick written after it went live");
        await run.WaitForAsync(key => after.Client.GetGrain<ITickView>(key).GetAsync(), l => l.LastSeq == 501, "tick-view to apply the tick written after the restart");
        await run.WaitForAsync(key => after.Client.GetGrain<ITailTickView>(key).GetAsync(), l => l.LastSeq == 501, "tail-tick-view to apply the tick written after it started");

        foreach (var key in run.Keys)
        {
            var late = await after.Client.GetGrain<ILateTickView>(key).GetAsync();
            var live = await after.Client.GetGrain<ITickView>(key).GetAsync();
            var tail = await after.Client.GetGrain<ITailTickView>(key).GetAsync();
            Assert.Equal((501, 0, 0), (late.Applied, late.OutOfOrder, late.Skipped));
            Assert.Equal((501, 0, 0), (live.Applied, live.OutOfOrder, live.Skipped));
            Assert.Equal(1, tail.Applied);
        }
    }

    [Fact]
    public async Task A_catch_up_stopped_midway_resumes_from_the_views_own_position_on_the_next_start()
    {
        var run = await NewRunAsync(keys: 40);

        // Key by key: on each partition the first keys' ticks come first, so holding the last keys back stops the
        // view's position midway through the partition.
        await run.WriteHistoryAsync(ticksPerKey: 100, keyByKey: true);

        string[] held = [.. run.Keys[20..]];
        LateTickGate.HeldKeys = held;
        await using (var midway = await run.StartSiloAsync(withNewViews: true))
        {
            await run.WaitForAsync(key => midway.Client.GetGrain<ILateTickView>(key).GetAsync(), l => l.LastSeq == 100, "late-tick-view to apply the keys not held back", run.Keys[..20]);
            KafkaViewStatus? listed = null;
            await Deadline.Until(
                async () => (listed = (await run.ViewsAsync(midway)).Single(v => v.Name == "late-tick-view")) is { Status: "building", Progress: > 0 and < 1 },
                Timeout,
                () => $"late-tick-view listed building, partly done, while its catch-up is held; it was {listed}, its positions {string.Join(", ", run.StoredPositions("late-tick-view"))}");
        }

        var stored = run.StoredPositions("late-tick-view");
        Assert.True(stored.Values.All(p => p > 0), $"the stopped catch-up should have stored its position on every partition: {string.Join(", ", stored)}");

        LateTickGate.HeldKeys = [];
        var logs = new RecordedLogs();
        await using var resumed = await run.StartSiloAsync(withNewViews: true, logs);
        await run.WaitForAsync(key => resumed.Client.GetGrain<ILateTickView>(key).GetAsync(), l => l.LastSeq == 100, "late-tick-view to finish its catch-up after the restart");

        // Each partition's catch-up started again where the stopped one stored its position, not at the log's start.
        foreach (var (partition, position) in stored)
        {
            var started = Assert.Single(logs.WithEventId(1140), e => e.Message.Contains($"{run.Topic}-{partition} ", StringComparison.Ordinal));
            Assert.Contains($"late-tick-view catches up on {run.Topic}-{partition} from offset {position};", started.Message, StringComparison.Ordinal);
        }

        foreach (var key in run.Keys)
        {
            var late = await resumed.Client.GetGrain<ILateTickView>(key).GetAsync();
            var live = await resumed.Client.GetGrain<ITickView>(key).GetAsync();
            Assert.Equal((100, 0), (late.Applied, late.OutOfOrder));
            Assert.Equal((100, 0), (live.Applied, live.Skipped));
        }
    }

    [Fact]
    public async Task A_catch_up_whose_partition_moves_to_another_silo_goes_on_there_from_the_views_own_position()
    {
        var run = await NewRunAsync(keys: 40);
        await run.WriteHistoryAsync(ticksPerKey: 100, keyByKey: true);
        LateTickGate.HeldKeys = [.. run.Keys[20..]];
        await using var cluster = await run.StartSiloAsync(withNewViews: true, silos: 2);
        await run.WaitForAsync(key => cluster.Client.GetGrain<ILateTickView>(key).GetAsync(), l => l.LastSeq == 100, "late-tick-view to apply the keys not held back", run.Keys[..20]);
        await Deadline.Until(
            async () => (await run.ViewsAsync(cluster)).Single(v => v.Name == "late-tick-view") is { Status: "building", Progress: > 0 and < 1 },
            Timeout,
            "late-tick-view listed building while its catch-up is held");

        // /metrics says the same per partition: the held view is building, the live one is not.
        using (var building = new ProviderGauge("actorviews.kafka.view.building"))
        {
            var measured = building.Read().Where(m => m.Tag("messaging.destination.name") == run.Topic).ToList();
            Assert.Contains(measured, m => m.Tag("actorviews.view") == "late-tick-view" && m.Value == 1);
            Assert.All(measured.Where(m => m.Tag("actorviews.view") == "tick-view"), m => Assert.Equal(0, m.Value));
            Assert.Contains(measured, m => m.Tag("actorviews.view") == "tick-view");
        }

        // The stopped silo's partitions move to the other one, whose receivers find late-tick-view behind the
        // partitions' offsets (the minimum over the live views) and catch it up from its own positions; starting
        // it live at the partitions' offsets instead would leave the held keys' ticks out for good.
        var moving = cluster.Silos[1].SiloAddress.ToParsableString();
        IReadOnlyList<KafkaPartitionStatus> partitions = [];
        await Deadline.Until(
            async () => (partitions = [.. (await ClusterFixture.StatusAsync(cluster)).Where(p => p.Topic == run.Topic)]).Any(p => p.Owner == moving),
            Timeout,
            () => $"silo {moving} to be recorded reading a partition of {run.Topic}; owners seen: {string.Join(", ", partitions.Select(p => $"{p.Partition}: {p.Owner ?? (p.OwnerUnknown ? "unknown" : "none")}"))}");
        await cluster.StopSiloAsync(cluster.Silos[1]);
        LateTickGate.HeldKeys = [];
        await run.WaitForAsync(key => cluster.Client.GetGrain<ILateTickView>(key).GetAsync(), l => l.LastSeq == 100, "late-tick-view to finish its catch-up on the remaining silo");

        foreach (var key in run.Keys)
        {
            var late = await cluster.Client.GetGrain<ILateTickView>(key).GetAsync();
            var live = await cluster.Client.GetGrain<ITickView>(key).GetAsync();
            Assert.Equal((100, 0), (late.Applied, late.OutOfOrder));
            Assert.Equal((100, 0), (live.Applied, live.Skipped));
        }

        await Deadline.Until(
            async () => (await run.ViewsAsync(cluster)).Single(v => v.Name == "late-tick-view") is { Status: "live", Lag: 0 },
            Timeout,
            "late-tick-view listed live once caught up");
    }

    private async Task<Run> NewRunAsync(int keys)
    {
        var name = "catchup-" + Guid.NewGuid().ToString("N")[..8];
        _broker.CreateTopic(name, Partitions);
        _broker.CreateTopic(name + ".dlq", Partitions);
        var database = new NpgsqlConnectionStringBuilder(await _postgres!.CreateDatabaseAsync(name.Replace('-', '_'))) { Pooling = true, MaxPoolSize = 16 }.ConnectionString;
        return new Run(_broker, name, database, [.. Enumerable.Range(0, keys).Select(k => $"k{k}")]);
    }

    /// <summary>One test's topic, consumer group and database, kept across the silo's starts.</summary>
    private sealed class Run(EmbeddedKafkaBroker broker, string topic, string database, string[] keys)
    {
        public string[] Keys => keys;

        public string Topic => topic;

        public async Task<InProcessTestCluster> StartSiloAsync(bool withNewViews, RecordedLogs? logs = null, short silos = 1)
        {
            var builder = new InProcessTestClusterBuilder(silos);

            // Stored state is keyed by service: each start reads the views the previous one wrote.
            builder.Options.ServiceId = topic;
            builder.ConfigureSilo((_, silo) =>
            {
                if (logs is not null)
                {
                    silo.Services.AddSingleton<ILoggerProvider>(logs);
                }

                silo.AddPostgresGrainStorage(ClusterFixture.Storage, database);
                silo.AddMemoryGrainStorage("PubSubStore");
                silo.AddKafkaStreams("kafka", kafka => kafka.ConfigureKafka(ob => ob.Configure(options =>
                {
                    options.BootstrapServers = broker.BootstrapServers;
                    options.ConsumerGroupId = topic;
                    options.CommitInterval = TimeSpan.FromMilliseconds(200);
                    options.RetryBackoff = TimeSpan.FromMilliseconds(50);
                    var ticks = options.AddTopic<Tick>(topic, Partitions).WithView<ITickView>();
                    if (withNewViews)
                    {
                        ticks.WithView<ILateTickView>().WithView<ITailTickView>(ViewStart.End);
                    }
                })));
            });
            var cluster = builder.Build();
            await cluster.DeployAsync();
            return cluster;
        }

        /// <summary>
        /// The topic's history, applied by the view it had then (tick-view) on a silo without the new views, and
        /// committed at the partitions' ends before that silo stops.
        /// </summary>
        public async Task WriteHistoryAsync(int ticksPerKey, bool keyByKey)
        {
            await using var before = await StartSiloAsync(withNewViews: false);
            await ProduceAsync(1, ticksPerKey, keyByKey);
            await WaitForAsync(key => before.Client.GetGrain<ITickView>(key).GetAsync(), l => l.LastSeq == ticksPerKey, $"tick-view to apply the {ticksPerKey * keys.Length} events of the history");
            await WaitCommittedAsync(before);
        }

        /// <summary>Writes every key's ticks <paramref name="firstSeq"/> to <paramref name="lastSeq"/>, round by round, or key by key.</summary>
        public Task ProduceAsync(int firstSeq, int lastSeq, bool keyByKey = false) =>
            TickProducer.ProduceAsync(broker.BootstrapServers, topic, keys, firstSeq, lastSeq, keyByKey, Timeout);

        /// <summary>Waits until every key's ledger (or <paramref name="only"/> these keys'), read by <paramref name="ledgerOf"/>, is <paramref name="done"/>.</summary>
        public Task WaitForAsync(Func<string, Task<TickLedger>> ledgerOf, Func<TickLedger, bool> done, string expectation, IEnumerable<string>? only = null) =>
            Deadline.Until(
                async () =>
                {
                    foreach (var key in only ?? keys)
                    {
                        if (!done(await ledgerOf(key)))
                        {
                            return false;
                        }
                    }

                    return true;
                },
                Timeout,
                expectation);

        /// <summary>Waits until every partition's offset is committed at its end, so the next start reads nothing again.</summary>
        public Task WaitCommittedAsync(InProcessTestCluster cluster) =>
            Deadline.Until(
                async () => (await ClusterFixture.StatusAsync(cluster)).Where(p => p.Topic == topic).All(p => p.Lag == 0 && p.CommittedOffset == p.HighWatermark),
                Timeout,
                "every partition committed at its end");

        public Task<IReadOnlyList<KafkaViewStatus>> ViewsAsync(InProcessTestCluster cluster) =>
            cluster.GetSiloServiceProvider(cluster.Silos[0].SiloAddress).GetRequiredService<IKafkaStreamStatus>().GetViewsAsync();

        /// <summary>The positions view <paramref name="view"/> stored in its own group, per partition (0 where none).</summary>
        public Dictionary<int, long> StoredPositions(string view)
        {
            var config = new ConsumerConfig { BootstrapServers = broker.BootstrapServers, GroupId = ViewNames.ProgressGroup(topic, view), EnableAutoCommit = false };
            using var consumer = new ConsumerBuilder<Ignore, Ignore>(config).Build();
            return consumer.Committed(Enumerable.Range(0, Partitions).Select(p => new TopicPartition(topic, p)), Timeout)
                .ToDictionary(c => c.Partition.Value, c => c.Offset.IsSpecial ? 0 : c.Offset.Value);
        }
    }
}
