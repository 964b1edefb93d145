using ActorViews.Streaming.Kafka;

namespace ActorViews.Integration.Tests.Cluster;

public sealed class TickViewGrain([PersistentState("ledger", ClusterFixture.Storage)] IPersistentState<TickLedger> ledger) : Grain, ITickView
{
    public async Task ApplyAsync(KafkaEventBatch<Tick> batch)
    {
        // A view validates before it changes anything, so a rejected batch leaves its state as it was.
        if (batch.Events.FirstOrDefault(e => e.Value.Seq < 0) is { } poison)
        {
            throw new InvalidOperationException($"Tick {poison.Value.Seq} of {poison.Value.Key} is poison.");
        }

        foreach (var e in batch.Events)
        {
            ledger.State.Apply(batch.Topic, batch.Partition, e.Offset, e.Value, batch.LogId);
        }

        // Written even when every event was a redelivery, so the skips are on record for the test.
        await ledger.WriteOrRevertAsync(this);
    }

    public Task<TickLedger> GetAsync() => Task.FromResult(ledger.State);
}
