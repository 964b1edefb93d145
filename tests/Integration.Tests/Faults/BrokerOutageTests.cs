using ActorViews.Integration.Tests.Durability;
using ActorViews.Tests.Shared;
using Xunit.Abstractions;

namespace ActorViews.Integration.Tests.Faults;

/// <summary>Every broker goes away for half a minute mid-ingest; when it is back, ingest resumes by itself and loses nothing.</summary>
[Collection(DurabilityCollection.Name)]
public sealed class BrokerOutageTests(PostgresFixture postgres, ITestOutputHelper output)
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan IngestTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan RecoveryTimeout = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task Every_broker_down_for_30s_mid_ingest_resumes_by_itself_and_loses_nothing()
    {
        var broker = BrokerInTestProcess.Start();
        // The brokers vanish without answering requests already sent; the provider's clients give such a request
        // up after their socket timeout (10 s, not librdkafka's 60 s) and reconnect. The silos run on defaults.
        using var cluster = DurableCluster.Create(broker, await postgres.CreateDatabaseAsync(), silos: 2);
        using var stop = new CancellationTokenSource(IngestTimeout * 2);
        var (ledger, producing) = await MidIngest.StartAsync(cluster, silos: 2, stop.Token);
        var committedBefore = (await DurableCluster.PartitionsAsync(cluster[0])).Sum(p => p.CommittedOffset ?? 0);

        var timeline = new FaultTimeline("broker-down", output);
        broker.SetAllBrokersDown();
        timeline.Mark("brokers down");
        var producedAtDown = ledger.Produced;
        // The second half is produced into the outage: the producer has to hold it and retry.
        ledger.ReleaseSecondHalf();
        await timeline.HoldFaultAsync(Outage, () =>
        {
            Assert.True(ledger.Produced == producedAtDown, $"No event can be acknowledged while every broker is down ({ledger.Produced} acknowledged, {producedAtDown} at the outage).");
            for (var silo = 0; silo < 2; silo++)
            {
                Assert.False(cluster[silo].HasExited, $"Silo {silo} exited (code {cluster[silo].ExitCode}) while the broker was down. Output:\n{cluster[silo].Output}");
            }

            return Task.CompletedTask;
        });
        broker.SetAllBrokersUp();
        timeline.Mark("brokers up");
        timeline.Note($"{committedBefore} events committed and {producedAtDown}/{ledger.Total} acknowledged when the brokers went down");

        var committed = 0L;
        await cluster[0].WaitUntilAsync(
            async () =>
            {
                committed = (await DurableCluster.TryPartitionsAsync(cluster[0]) ?? []).Sum(p => p.CommittedOffset ?? 0);
                return committed > committedBefore;
            },
            RecoveryTimeout,
            $"commits to advance past {committedBefore} after the brokers came back");
        timeline.Mark("commits advancing");
        await Deadline.Until(() => ledger.Produced > producedAtDown, RecoveryTimeout, "the producer to have events acknowledged again after the brokers came back");
        timeline.Mark("producer acknowledged again");

        await MidIngest.AssertNothingLostAsync(cluster[1], ledger, producing, timeline);
        timeline.Summarize(
            ("outage", "brokers down", "brokers up"),
            ("up -> commits advancing", "brokers up", "commits advancing"),
            ("up -> producer acknowledged", "brokers up", "producer acknowledged again"),
            ("up -> all ingested", "brokers up", "all ingested"));
    }
}
