using ActorViews.Integration.Tests.Durability;
using ActorViews.Tests.Shared;

namespace ActorViews.Integration.Tests.Faults;

/// <summary>The common start of a fault test: silos up, half of a run produced and views being written.</summary>
internal static class MidIngest
{
    private static readonly TimeSpan CommitTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan IngestTimeout = TimeSpan.FromSeconds(90);

    /// <summary>
    /// Starts every silo of <paramref name="cluster"/> (the first alone, as it creates the schema), produces the first half
    /// of a run held at half-way, and waits until some events are committed. The caller injects its fault, then calls
    /// <see cref="OrderLedger.ReleaseSecondHalf"/>.
    /// </summary>
    public static async Task<(OrderLedger Ledger, Task Producing)> StartAsync(DurableCluster cluster, int silos, CancellationToken stop)
    {
        await cluster.StartAsync(0);
        await cluster.StartAsync([.. Enumerable.Range(1, silos - 1)]);

        var ledger = new OrderLedger(cluster.BootstrapServers, orders: 150, versions: 4).HoldAtHalf();
        var producing = ledger.ProduceAsync(eventsPerSecond: 40, stop);
        await cluster[0].WaitUntilAsync(
            async () => (await DurableCluster.TryPartitionsAsync(cluster[0]) ?? []).Sum(p => p.CommittedOffset ?? 0) > 0,
            CommitTimeout,
            "some events to be committed before the fault");
        return (ledger, producing);
    }

    /// <summary>
    /// Waits for the rest of the run to be produced and committed, then asserts every view equals the fold of
    /// what was produced (0 lost, 0 double-applied), marking both phases on <paramref name="timeline"/>.
    /// </summary>
    public static async Task AssertNothingLostAsync(SiloProcess reader, OrderLedger ledger, Task producing, FaultTimeline timeline)
    {
        await Deadline.Within(producing, IngestTimeout, "the producer to write every event");
        await DurableCluster.WaitUntilIngestedAsync(reader, ledger, IngestTimeout);
        timeline.Mark("all ingested");
        await DurableCluster.AssertViewsEqualFoldAsync(reader, ledger);
        timeline.Mark("views equal the fold");
    }
}
