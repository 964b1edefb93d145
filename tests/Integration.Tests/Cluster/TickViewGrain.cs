using ActorViews.Streaming.Kafka;

namespace ActorViews.Integration.Tests.Cluster;

public sealed class TickViewGrain([PersistentState("ledger", ClusterFixture.Storage)] IPersistentState<TickLedger> ledger) : Grain, ITickView
{
    public async Task ApplyAsync(KafkaEventBatch<Tick> batch)
    {
        foreach (var e in batch.Events)
        {
            ledger.State.Apply(batch.Topic, batch.Partition, e.Offset, e.Value, batch.LogId);
        }

        // Written even when every event was a redelivery, so the skips are on record for the test.
        await ledger.WriteOrRevertAsync(this);
    }

    public Task<TickLedger> GetAsync() => Task.FromResult(ledger.State);
}
