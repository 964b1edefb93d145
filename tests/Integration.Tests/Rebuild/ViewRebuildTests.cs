using System.Collections.Concurrent;
using ActorViews.EmbeddedKafka;
using ActorViews.Integration.Tests.Cluster;
using ActorViews.Integration.Tests.Support;
using ActorViews.PostgreSql;
using ActorViews.Streaming.Kafka;
using ActorViews.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.TestingHost;

namespace ActorViews.Integration.Tests.Rebuild;

/// <summary>
/// Issue 14 item 3: a view rebuilt at runtime builds version 2 from the start of the log beside version 1 while
/// readers read every key in a loop, routed as the gateway routes them (<see cref="KafkaViewVersionCache"/>).
/// Every answer, before, during and after the switch, is the fold of the log; version 1 is no longer delivered
/// after the switch. The readers are the readers of every order; a ledger of numbered ticks per key makes
/// a gap, a duplicate or a half-built answer countable.
/// </summary>
public sealed class ViewRebuildTests : IAsyncLifetime
{
    private const int Partitions = 4;
    private const string View = "rebuilt-tick-view";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);
    private readonly EmbeddedKafkaBroker _broker = EmbeddedKafkaBroker.Start();
    private PostgresServer? _postgres;

    public async Task InitializeAsync() => _postgres = await PostgresServer.StartNewAsync();

    public async Task DisposeAsync()
    {
        _broker.Dispose();
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_view_rebuilt_while_read_in_a_loop_answers_the_fold_before_during_and_after_the_switch()
    {
        var run = await NewRunAsync(keys: 40);
        await using var cluster = await run.StartAsync(silos: 2);
        await run.ProduceAsync(1, 150);
        var versions = new KafkaViewVersionCache(cluster.Client, TimeSpan.FromSeconds(1));
        await run.WaitForAsync(cluster, versions, seq: 150, "version 1 to apply the history");

        await using var readers = new Readers(cluster, versions, run.Keys, expectedSeq: 150);
        var registry = cluster.Client.GetGrain<IKafkaViewVersionGrain>(View);
        var (started, building) = await registry.StartRebuildAsync(keep: false);
        Assert.True(started, "the first rebuild request should start a rebuild");
        Assert.Equal((1, (int?)2), (building.Current, building.Building));

        var (again, _) = await registry.StartRebuildAsync(keep: false);
        Assert.False(again, "a second request while the rebuild runs must be refused (the gateway answers 409)");

        await Deadline.Until(async () => (await registry.GetAsync()).Current == 2, Timeout, "version 2 to go live on every partition and become current");
        KafkaViewStatus? listed = null;
        await Deadline.Until(
            async () => (listed = (await run.ViewsAsync(cluster)).Single(v => v.Name == View)) is { Version: 2, Status: "live", BuildingVersion: null },
            Timeout,
            () => $"{View} listed at version 2, live, once switched; it was {listed}");

        // Reads route to version 2 within the cache's age; they go on answering the fold from it.
        await Deadline.Until(() => readers.ReadsOf(version: 2) > 0, Timeout, "the readers to be routed to version 2 after the switch");
        var seen = await readers.StopAsync();
        Assert.True(seen.Failures.IsEmpty, $"every read should answer the fold; {seen.Failures.Count} did not, e.g. {seen.Failures.FirstOrDefault()}");
        Assert.True(seen.ReadsOf1 > 0, "the readers should have read version 1 before the switch");

        // Version 1 is delivered nothing after the switch; version 2 is delivered what is written next.
        await run.ProduceAsync(151, 151);
        await run.WaitForAsync(cluster, versions, seq: 151, "version 2 to apply the tick written after the switch");
        foreach (var key in run.Keys)
        {
            var rebuilt = await cluster.Client.GetGrain<IRebuiltTickView>(ViewVersions.GrainKey(key, 2)).GetAsync();
            Assert.Equal((151, 151, 0), (rebuilt.LastSeq, rebuilt.Applied, rebuilt.OutOfOrder));
            var replaced = await cluster.Client.GetGrain<IRebuiltTickView>(key).GetAsync();
            Assert.Equal(150, replaced.LastSeq);
        }
    }

    private async Task<Run> NewRunAsync(int keys)
    {
        var name = "rebuild-" + Guid.NewGuid().ToString("N")[..8];
        _broker.CreateTopic(name, Partitions);
        _broker.CreateTopic(name + ".dlq", Partitions);
        var database = new NpgsqlConnectionStringBuilder(await _postgres!.CreateDatabaseAsync(name.Replace('-', '_'))) { Pooling = true, MaxPoolSize = 16 }.ConnectionString;
        return new Run(_broker, name, database, [.. Enumerable.Range(0, keys).Select(k => $"k{k}")]);
    }

    /// <summary>Reads every key in a loop, routed to the version that answers reads, and records every answer that is not the fold.</summary>
    private sealed class Readers : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly ConcurrentQueue<string> _failures = new();
        private readonly int[] _readsOf = new int[3];
        private readonly Task _loop;

        public Readers(InProcessTestCluster cluster, KafkaViewVersionCache versions, string[] keys, int expectedSeq) =>
            _loop = Task.Run(async () =>
            {
                while (!_stop.IsCancellationRequested)
                {
                    foreach (var key in keys)
                    {
                        try
                        {
                            var grainKey = await versions.GrainKeyAsync(View, key);
                            var ledger = await cluster.Client.GetGrain<IRebuiltTickView>(grainKey).GetAsync();
                            Interlocked.Increment(ref _readsOf[Math.Min(ViewVersions.VersionOf(grainKey), 2)]);
                            // The fold: every tick applied once, in order. A tick delivered again (a partition moved
                            // between the two silos, or a pump stopped before its commit) is skipped by the view, which
                            // counts it: effectively once is the contract, and reads must not tell the difference.
                            if ((ledger.LastSeq, ledger.Applied, ledger.OutOfOrder) != (expectedSeq, expectedSeq, 0))
                            {
                                _failures.Enqueue($"{grainKey}: last {ledger.LastSeq}, applied {ledger.Applied}, out of order {ledger.OutOfOrder}, skipped {ledger.Skipped}");
                            }
                        }
                        catch (Exception failure)
                        {
                            _failures.Enqueue($"{key}: {failure.GetType().Name}: {failure.Message}");
                        }
                    }
                }
            });

        public int ReadsOf(int version) => Volatile.Read(ref _readsOf[version]);

        public async Task<(ConcurrentQueue<string> Failures, int ReadsOf1)> StopAsync()
        {
            await _stop.CancelAsync();
            await _loop;
            return (_failures, ReadsOf(1));
        }

        public async ValueTask DisposeAsync()
        {
            await StopAsync();
            _stop.Dispose();
        }
    }

    /// <summary>One test's topic, consumer group and database.</summary>
    private sealed class Run(EmbeddedKafkaBroker broker, string topic, string database, string[] keys)
    {
        public string[] Keys => keys;

        public string Database => database;

        public async Task<InProcessTestCluster> StartAsync(short silos)
        {
            var builder = new InProcessTestClusterBuilder(silos);
            builder.Options.ServiceId = topic;
            builder.ConfigureSilo((_, silo) =>
            {
                silo.AddPostgresGrainStorage(ClusterFixture.Storage, database);

                // The version registries live in the pub-sub storage: durable here, as in the silo.
                silo.AddPostgresGrainStorage("PubSubStore", database);
                silo.AddKafkaStreams("kafka", kafka => kafka.ConfigureKafka(ob => ob.Configure(options =>
                {
                    options.BootstrapServers = broker.BootstrapServers;
                    options.ConsumerGroupId = topic;
                    options.CommitInterval = TimeSpan.FromMilliseconds(200);
                    options.RetryBackoff = TimeSpan.FromMilliseconds(50);
                    options.ViewVersionPollInterval = TimeSpan.FromMilliseconds(500);
                    options.AddTopic<Tick>(topic, Partitions).WithView<IRebuiltTickView>();
                })));
            });
            var cluster = builder.Build();
            await cluster.DeployAsync();
            return cluster;
        }

        public Task ProduceAsync(int firstSeq, int lastSeq) =>
            TickProducer.ProduceAsync(broker.BootstrapServers, topic, keys, firstSeq, lastSeq, keyByKey: false, Timeout);

        /// <summary>Waits until every key's ledger, read where reads are routed, has applied tick <paramref name="seq"/>.</summary>
        public Task WaitForAsync(InProcessTestCluster cluster, KafkaViewVersionCache versions, int seq, string expectation) =>
            Deadline.Until(
                async () =>
                {
                    foreach (var key in keys)
                    {
                        if ((await cluster.Client.GetGrain<IRebuiltTickView>(await versions.GrainKeyAsync(View, key)).GetAsync()).LastSeq != seq)
                        {
                            return false;
                        }
                    }

                    return true;
                },
                Timeout,
                expectation);

        public Task<IReadOnlyList<KafkaViewStatus>> ViewsAsync(InProcessTestCluster cluster) =>
            cluster.GetSiloServiceProvider(cluster.Silos[0].SiloAddress).GetRequiredService<IKafkaStreamStatus>().GetViewsAsync();
    }
}
