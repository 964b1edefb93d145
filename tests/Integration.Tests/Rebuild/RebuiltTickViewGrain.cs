using ActorViews.Integration.Tests.Cluster;
using ActorViews.Streaming.Kafka;

namespace ActorViews.Integration.Tests.Rebuild;

public sealed class RebuiltTickViewGrain([PersistentState("rebuilt-ledger", ClusterFixture.Storage)] IPersistentState<TickLedger> ledger) : Grain, IRebuiltTickView
{
    public Task ApplyAsync(KafkaEventBatch<Tick> batch) =>
        ledger.ApplyOrRevertAsync(this, () =>
        {
            // A version's grain learns its entity from its key through the one helper; a tick of another key is a bug.
            var entity = this.GetEntityKey();
            if (batch.Events.FirstOrDefault(e => e.Value.Key != entity) is { } stray)
            {
                throw new InvalidOperationException($"Tick of {stray.Value.Key} delivered to the grain of {entity} ({this.GetPrimaryKeyString()}).");
            }

            foreach (var e in batch.Events)
            {
                ledger.State.Apply(batch.Topic, batch.Partition, e.Offset, e.Value, batch.LogId);
            }

            return Task.FromResult(true);
        });

    public Task<TickLedger> GetAsync() => Task.FromResult(ledger.State);
}
