using ActorViews.Streaming.Kafka;

namespace ActorViews.Integration.Tests.Cluster;

public sealed class TickPartitionViewGrain(
    [PersistentState("partition-ledger", ClusterFixture.Storage)] IPersistentState<PartitionTickLedger> ledger) : Grain, ITickPartitionView
{
    public async Task ApplyAsync(KafkaEventBatch<Tick> batch)
    {
        await ledger.ApplyOrRevertAsync(this, () =>
        {
            if (this.GetPrimaryKeyString() != KafkaPartitionKey.Of(batch.Topic, batch.Partition))
            {
                ledger.State.Misrouted++;
            }

            foreach (var e in batch.Events)
            {
                ledger.State.Apply(batch.Topic, batch.Partition, e.Offset, e.Value, batch.LogId);
            }

            return Task.FromResult(true);
        });
    }

    public Task<PartitionTickLedger> GetAsync() => Task.FromResult(ledger.State);
}
