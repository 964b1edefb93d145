using ActorViews.Streaming.Kafka;

namespace ActorViews.Integration.Tests.Cluster;

public sealed class TickViewGrain(
    [PersistentState("ledger", ClusterFixture.Storage)] IPersistentState<TickLedger> ledger,
    IKafkaLogResetReporter logResets) : Grain, ITickView
{
    public async Task ApplyAsync(KafkaEventBatch<Tick> batch)
    {
        await ledger.ApplyOrRevertAsync(this, () =>
        {
            if (batch.Events.FirstOrDefault(e => e.Value.Seq < 0) is { } poison)
            {
                throw new InvalidOperationException($"Tick {poison.Value.Seq} of {poison.Value.Key} is poison.");
            }

            foreach (var e in batch.Events)
            {
                ledger.State.Apply(batch.Topic, batch.Partition, e.Offset, e.Value, batch.LogId);
            }

            // Written even when every event was a redelivery, so the skips are on record for the test.
            return Task.FromResult(true);
        });
        ledger.State.Offsets.ReportLogResets(logResets);
    }

    public Task<TickLedger> GetAsync() => Task.FromResult(ledger.State);
}
