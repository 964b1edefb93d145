using System.Net;
using ActorViews.Integration.Tests.Durability;
using ActorViews.Tests.Shared;
using Xunit.Abstractions;

namespace ActorViews.Integration.Tests.Faults;

/// <summary>
/// A silo hung with SIGSTOP, not killed: its sockets stay open but it answers nothing. The others keep serving,
/// declare it dead, take its partitions over, and when it runs again it must not corrupt anything.
/// </summary>
[Collection(DurabilityCollection.Name)]
public sealed class SiloHangTests(PostgresFixture postgres, ITestOutputHelper output)
{
    private static readonly TimeSpan ReadDeadline = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan StatusDeadline = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan IngestTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan RecoveryTimeout = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task A_silo_hung_with_SIGSTOP_is_declared_dead_its_partitions_move_and_nothing_is_lost()
    {
        var database = await postgres.CreateDatabaseAsync();
        // Slower than the fast preset (about 9-12 s instead of 3-5 s), so that the hung silo is still a member
        // while the others are read around it (one round of reads takes at most the read deadline).
        using var cluster = await DurableCluster.CreateAsync(
            database,
            silos: 3,
            "--Orleans:Membership:ProbeTimeout=00:00:03",
            "--Orleans:Membership:NumMissedProbesLimit=3");
        using var stop = new CancellationTokenSource(IngestTimeout * 2);
        var (ledger, producing) = await MidIngest.StartAsync(cluster, silos: 3, stop.Token);

        // The victim reads orders, with events committed; the others serve the reads.
        var (victim, reader, other, before) = await cluster.WaitForOrdersOwnerAsync(silos: 3, IngestTimeout);
        var victimPort = cluster.SiloPort(victim);
        var moved = before.Where(p => p.IsOwnedBy(victimPort)).ToDictionary(p => p.Partition, p => p.CommittedOffset ?? 0);
        var ids = ledger.Ids.ToList();
        var beforeFault = 0;
        await Deadline.Until(
            async () => (beforeFault = await ReadAllAsync(cluster[reader], ids)) == ids.Count,
            IngestTimeout,
            () => $"every order to be readable within {ReadDeadline.TotalSeconds}s before the fault (last round: {beforeFault}/{ids.Count})");

        var timeline = new FaultTimeline("silo-hung", output);
        cluster.Suspend(victim);
        timeline.Mark("silo hung");
        ledger.ReleaseSecondHalf();

        // Grains on the live silos answer at once; those on the hung silo wait for it to be declared dead.
        var whileHung = await ReadAllAsync(cluster[reader], ids);
        timeline.Mark("read round while hung");
        var statusAfterRound = await SiloMembership.StatusAsync(database, victimPort);
        timeline.Note($"silo {victim} hung; while hung: {whileHung}/{ids.Count} orders answered within {ReadDeadline.TotalSeconds}s on a live silo; hung silo's membership status then: {statusAfterRound}");
        Assert.True(whileHung > 0, $"A live silo should keep answering reads of grains not on the hung silo; none of {ids.Count} answered within {ReadDeadline.TotalSeconds}s.");

        // Until it is declared dead, the live silo's status keeps answering within its deadline, every read: an
        // owners record on the hung silo leaves owners unknown, it does not hold the status (a grain call to a
        // silo that does not answer waits 30 s, longer than the 30 s a status answer may be served stale).
        var statusReads = 0;
        var ownersUnknown = 0;
        var unanswered = new List<string>();
        var hang = System.Diagnostics.Stopwatch.StartNew();
        await Deadline.Until(
            async () =>
            {
                var status = await DurableCluster.TryPartitionsAsync(cluster[reader], StatusDeadline, why: failure => unanswered.Add($"+{hang.Elapsed.TotalSeconds:0.0}s {failure}"));
                statusReads++;
                ownersUnknown += status?.Any(p => p.OwnerUnknown) == true ? 1 : 0;
                return await SiloMembership.StatusAsync(database, victimPort) == SiloMembership.Dead;
            },
            RecoveryTimeout,
            $"the hung silo (port {victimPort}) to be declared dead in the membership table");
        timeline.Mark("declared dead");
        timeline.Note($"while hung: {statusReads} status reads on a live silo, {ownersUnknown} with owners unknown, {unanswered.Count} unanswered within {StatusDeadline.TotalSeconds}s");
        Assert.True(unanswered.Count == 0, $"Every status read on a live silo should answer within {StatusDeadline.TotalSeconds}s while a silo hangs; {unanswered.Count} of {statusReads} did not:\n{string.Join('\n', unanswered)}");

        IReadOnlyList<PartitionStatus> after = [];
        await cluster[reader].WaitUntilAsync(
            async () =>
            {
                after = await DurableCluster.TryPartitionsAsync(cluster[reader], StatusDeadline) ?? [];
                return after.Count == DurableCluster.Partitions && after.All(p => p.Owner is not null && !p.IsOwnedBy(victimPort));
            },
            RecoveryTimeout,
            () => $"every partition to be owned by a live silo (last: {string.Join("; ", after)})");
        timeline.Mark("partitions moved");

        await cluster[reader].WaitUntilAsync(
            async () => (await DurableCluster.TryPartitionsAsync(cluster[reader], StatusDeadline) ?? []).Any(p => moved.TryGetValue(p.Partition, out var at) && p.CommittedOffset > at),
            RecoveryTimeout,
            "a moved partition to commit past where the hung silo left it");
        timeline.Mark("commits advancing");

        var lastRound = (0, 0);
        await Deadline.Until(
            async () =>
            {
                lastRound = (await ReadAllAsync(cluster[reader], ids), await ReadAllAsync(cluster[other], ids));
                return lastRound == (ids.Count, ids.Count);
            },
            RecoveryTimeout,
            () => $"every order to answer within {ReadDeadline.TotalSeconds}s on both live silos once the hung one is dead (last round: {lastRound})");
        timeline.Mark("all reads answered");

        cluster.Resume(victim);
        timeline.Mark("silo resumed");
        await NoteWhatTheResumedSiloDoesAsync(cluster, victim, timeline);

        await MidIngest.AssertNothingLostAsync(cluster[other], ledger, producing, timeline);
        Assert.All(await DurableCluster.PartitionsAsync(cluster[other]), p => Assert.False(p.IsOwnedBy(victimPort), $"Partition {p.Partition} still points to the hung silo."));
        timeline.Note($"the hung silo owned partitions {string.Join(",", moved.Keys)}; {whileHung}/{ids.Count} reads answered while it was hung");
        timeline.Summarize(
            ("hung -> declared dead", "silo hung", "declared dead"),
            ("hung -> partitions moved", "silo hung", "partitions moved"),
            ("hung -> commits advancing", "silo hung", "commits advancing"),
            ("hung -> all reads answered", "silo hung", "all reads answered"));
    }

    /// <summary>
    /// A silo resumed after being declared dead finds itself dead in the membership table; Orleans then stops it.
    /// Either outcome is recorded, and the views are checked afterwards whatever it did meanwhile.
    /// </summary>
    private static async Task NoteWhatTheResumedSiloDoesAsync(DurableCluster cluster, int victim, FaultTimeline timeline)
    {
        try
        {
            await Deadline.Until(() => cluster[victim].HasExited, TimeSpan.FromSeconds(20), "the resumed silo to find itself dead and exit");
            timeline.Mark("resumed silo exited");
            var output = cluster[victim].Output;
            var tail = output.Length <= 1500 ? output : output[^1500..];
            timeline.Note($"resumed silo exited with code {cluster[victim].ExitCode}; its last output:\n{tail}");
        }
        catch (TimeoutException)
        {
            timeline.Note("FINDING: the resumed silo is still running 20 s after SIGCONT, although it was declared dead");
        }
    }

    /// <summary>Reads every order on <paramref name="silo"/> at once; returns how many answered (200 or 404) within the read deadline.</summary>
    private static async Task<int> ReadAllAsync(SiloProcess silo, IReadOnlyList<string> ids)
    {
        var answers = await Task.WhenAll(ids.Select(async id =>
        {
            using var deadline = new CancellationTokenSource(ReadDeadline);
            try
            {
                using var response = await silo.Http.GetAsync($"/v1/orders/{id}", deadline.Token);
                return response.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound;
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
            {
                return false;
            }
        }));
        return answers.Count(answered => answered);
    }
}
