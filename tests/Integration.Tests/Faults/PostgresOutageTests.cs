using ActorViews.Integration.Tests.Durability;
using ActorViews.Tests.Shared;
using Xunit.Abstractions;

namespace ActorViews.Integration.Tests.Faults;

/// <summary>
/// PostgreSQL stops mid-ingest and comes back: no offset is committed past an event that could not be persisted,
/// and the views catch up without losing or double-applying anything.
/// </summary>
/// <remarks>
/// Runs its own PostgreSQL server, since it stops it; it stays in the durability collection so that it does not run
/// alongside the other multi-process tests.
/// </remarks>
[Collection(DurabilityCollection.Name)]
public sealed class PostgresOutageTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan IngestTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan RecoveryTimeout = TimeSpan.FromSeconds(45);
    private static readonly TimeSpan StatusDeadline = TimeSpan.FromSeconds(5);

    // Commits of events persisted just before the stop may still land one commit interval (1 s) later.
    private static readonly TimeSpan CommitsSettled = TimeSpan.FromSeconds(2.5);

    [Fact]
    public async Task Stopping_postgres_mid_ingest_commits_nothing_unpersisted_and_loses_nothing()
    {
        await using var postgres = await PostgresServer.StartNewAsync();
        using var cluster = await DurableCluster.CreateAsync(postgres.ConnectionString, silos: 2);
        using var stop = new CancellationTokenSource(IngestTimeout * 2);
        var (ledger, producing) = await MidIngest.StartAsync(cluster, silos: 2, stop.Token);

        var timeline = new FaultTimeline("postgres-down", output);
        await postgres.StopFastAsync();
        timeline.Mark("postgres stopped");
        // The second half arrives while nothing can be persisted.
        ledger.ReleaseSecondHalf();

        var atStop = await SettledCommitsAsync(cluster.BootstrapServers, timeline);
        timeline.Mark("commits settled");
        var exited = new HashSet<int>();
        var samples = 0;
        await timeline.HoldFaultAsync(Outage - timeline.Since("postgres stopped"), () =>
        {
            NoteExits(cluster, exited, timeline);
            if (CommittedOffsets.TryRead(cluster.BootstrapServers, StatusDeadline) is not { } committed)
            {
                return Task.CompletedTask;
            }

            samples++;
            foreach (var (partition, offset) in committed)
            {
                Assert.True(
                    offset <= atStop[partition],
                    $"Partition {partition} committed {offset} while PostgreSQL was down, past {atStop[partition]} where it stood when nothing more could be persisted.");
            }

            return Task.CompletedTask;
        });
        Assert.True(samples > 0, "The committed offsets should have been read at least once while PostgreSQL was down.");
        Assert.True(
            ledger.Produced > atStop.Values.Sum(),
            $"Events should have arrived during the outage, waiting to be persisted ({ledger.Produced} acknowledged, {atStop.Values.Sum()} committed).");
        var statusAnswered = await DurableCluster.TryPartitionsAsync(cluster[exited.Contains(0) ? 1 : 0], StatusDeadline) is not null;
        timeline.Note(
            $"{samples} samples during the outage: committed stayed at {atStop.Values.Sum()} while {ledger.Produced} events were acknowledged; " +
            $"GET /v1/status {(statusAnswered ? "answered" : "did not answer")} while PostgreSQL was down");

        await postgres.StartAsync();
        timeline.Mark("postgres started");
        NoteExits(cluster, exited, timeline);
        foreach (var silo in exited)
        {
            // An orchestrator would restart it; the views must come out right either way.
            await cluster.StartAsync(silo);
            timeline.Note($"silo {silo} restarted after its exit");
        }

        var committed = 0L;
        await cluster[0].WaitUntilAsync(
            async () =>
            {
                committed = (await DurableCluster.TryPartitionsAsync(cluster[0]) ?? []).Sum(p => p.CommittedOffset ?? 0);
                return committed > atStop.Values.Sum();
            },
            RecoveryTimeout,
            $"commits to advance past {atStop.Values.Sum()} once PostgreSQL is back");
        timeline.Mark("commits advancing");

        await MidIngest.AssertNothingLostAsync(cluster[1], ledger, producing, timeline);
        timeline.Note(exited.Count == 0 ? "both silos survived the outage" : $"FINDING: silo(s) {string.Join(",", exited)} exited during the outage");
        timeline.Summarize(
            ("stop -> commits settled", "postgres stopped", "commits settled"),
            ("outage", "postgres stopped", "postgres started"),
            ("start -> commits advancing", "postgres started", "commits advancing"),
            ("start -> all ingested", "postgres started", "all ingested"));
    }

    /// <summary>
    /// The committed offsets once they have stopped moving after the stop: events persisted just before it may
    /// still be committed for one commit interval, nothing after that.
    /// </summary>
    private static async Task<Dictionary<int, long>> SettledCommitsAsync(string bootstrapServers, FaultTimeline timeline)
    {
        Dictionary<int, long>? previous = null;
        var unchangedSince = TimeSpan.Zero;
        var (reads, failedReads, changes) = (0, 0, 0);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await Deadline.Until(
            () =>
            {
                reads++;
                if (CommittedOffsets.TryRead(bootstrapServers, StatusDeadline) is not { } current)
                {
                    failedReads++;
                    return Task.FromResult(false);
                }

                if (previous is null || current.Any(c => previous[c.Key] != c.Value))
                {
                    changes += previous is null ? 0 : 1;
                    previous = current;
                    unchangedSince = clock.Elapsed;
                    return Task.FromResult(false);
                }

                return Task.FromResult(clock.Elapsed - unchangedSince >= CommitsSettled);
            },
            TimeSpan.FromSeconds(20),
            () => $"committed offsets to stop moving once PostgreSQL is down ({reads} reads, {failedReads} failed, offsets changed {changes} times, last {(previous is null ? "none" : string.Join(",", previous.OrderBy(p => p.Key).Select(p => p.Value)))})");
        timeline.Note($"committed offsets at the stop: {string.Join(",", previous!.OrderBy(p => p.Key).Select(p => p.Value))}");
        return previous!;
    }

    private static void NoteExits(DurableCluster cluster, HashSet<int> exited, FaultTimeline timeline)
    {
        for (var silo = 0; silo < 2; silo++)
        {
            if (!exited.Contains(silo) && cluster[silo].HasExited)
            {
                exited.Add(silo);
                timeline.Note($"FINDING: silo {silo} exited with code {cluster[silo].ExitCode} while PostgreSQL was down. Its last output:\n{Tail(cluster[silo].Output)}");
            }
        }
    }

    private static string Tail(string text) => text.Length <= 3000 ? text : text[^3000..];
}
