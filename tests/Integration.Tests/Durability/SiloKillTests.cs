using System.Diagnostics;
using ActorViews.Tests.Shared;
using Npgsql;
using Xunit.Abstractions;

namespace ActorViews.Integration.Tests.Durability;

/// <summary>A silo killed with SIGKILL: its partitions move to the others and its views are rebuilt from PostgreSQL.</summary>
[Collection(DurabilityCollection.Name)]
public sealed class SiloKillTests(PostgresFixture postgres, ITestOutputHelper output)
{
    private static readonly TimeSpan IngestTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan RecoveryTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Killing_a_silo_mid_ingest_moves_its_partitions_and_loses_nothing()
    {
        using var cluster = await DurableCluster.CreateAsync(postgres, silos: 3);
        // The first silo creates the schema; the others start against it, concurrently.
        await cluster.StartAsync(0);
        await cluster.StartAsync(1, 2);
        await AssertSchemaAppliedOnceAsync(cluster.ConnectionString);

        var ledger = new OrderLedger(cluster.BootstrapServers, orders: 200, versions: 5).HoldAtHalf();
        using var stop = new CancellationTokenSource(IngestTimeout);
        var producing = ledger.ProduceAsync(eventsPerSecond: 40, stop.Token);

        // Kill a silo that owns partitions of orders while events are flowing to them. The silos share every
        // topic's partitions, so which of them reads orders is the balancer's choice; the first silo answers the
        // test's questions and is never the victim.
        var victim = 0;
        IReadOnlyList<PartitionStatus> before = [];
        await cluster[0].WaitUntilAsync(
            async () =>
            {
                before = await DurableCluster.TryPartitionsAsync(cluster[0]) ?? [];
                victim = new[] { 2, 1 }.FirstOrDefault(i => before.Any(p => p.IsOwnedBy(cluster.SiloPort(i)) && p.CommittedOffset > 0));
                return victim != 0;
            },
            RecoveryTimeout,
            "the second or third silo to own a partition of orders with committed events");
        var victimPort = cluster.SiloPort(victim);
        var survivor = victim == 2 ? 1 : 2;
        var moved = before.Where(p => p.IsOwnedBy(victimPort)).ToDictionary(p => p.Partition, p => p.CommittedOffset ?? 0);

        var killedAfter = ledger.Produced;
        cluster.Kill(victim);
        var clock = Stopwatch.StartNew();
        ledger.ReleaseSecondHalf();
        Assert.True(killedAfter < ledger.Total, "The silo should be killed while events are still being produced.");

        IReadOnlyList<PartitionStatus> after = [];
        await cluster[0].WaitUntilAsync(
            async () =>
            {
                after = await DurableCluster.TryPartitionsAsync(cluster[0]) ?? [];
                return after.Count == DurableCluster.Partitions && after.All(p => p.Owner is not null && !p.IsOwnedBy(victimPort));
            },
            RecoveryTimeout,
            $"every partition to be owned by a live silo after the kill (last: {string.Join("; ", after)})");
        var movedAfter = clock.Elapsed;

        await cluster[0].WaitUntilAsync(
            async () => (await DurableCluster.TryPartitionsAsync(cluster[0]) ?? []).Any(p => moved.TryGetValue(p.Partition, out var at) && p.CommittedOffset > at),
            RecoveryTimeout,
            "a moved partition to commit past where the killed silo left it");
        var resumedAfter = clock.Elapsed;

        output.WriteLine(
            $"Killed silo on port {victimPort} (owned partitions {string.Join(",", moved.Keys)}) after {killedAfter}/{ledger.Total} events; " +
            $"partitions moved after {movedAfter.TotalSeconds:0.0}s, ingest on them resumed after {resumedAfter.TotalSeconds:0.0}s.");

        await Deadline.Within(producing, IngestTimeout, "the producer to write every event");
        await DurableCluster.WaitUntilIngestedAsync(cluster[survivor], ledger, IngestTimeout);
        Assert.All(await DurableCluster.PartitionsAsync(cluster[survivor]), p => Assert.False(p.IsOwnedBy(victimPort), $"Partition {p.Partition} still points to the dead silo."));
        await DurableCluster.AssertViewsEqualFoldAsync(cluster[survivor], ledger);
        output.WriteLine($"All views match the fold {clock.Elapsed.TotalSeconds:0.0}s after the kill.");
    }

    // Three silos applied the schema against the same database: each version is recorded once.
    private static async Task AssertSchemaAppliedOnceAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand("SELECT count(*), count(DISTINCT version) FROM actorviews_schema_version", connection);
        await using var reader = await query.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.True(reader.GetInt64(1) >= 2, "The schema should be recorded up to at least version 2.");
        Assert.Equal(reader.GetInt64(1), reader.GetInt64(0));
    }
}
