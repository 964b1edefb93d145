using ActorViews.Streaming.Kafka;
using Orleans.Concurrency;

namespace ActorViews.Grains;

/// <summary>Forwards each payment to the view of the order it pays; keeps nothing, so it runs as a stateless worker.</summary>
[StatelessWorker]
public sealed class PaymentFeedGrain : Grain, IPaymentFeed
{
    /// <inheritdoc />
    public async Task ApplyAsync(KafkaEventBatch<Payment> batch)
    {
        // In offset order: the order view keeps the latest payment of a partition and skips what it applied.
        // Each version of the order view is fed by the same version of this feed, whose key carries it.
        var version = ViewVersions.VersionOf(this.GetPrimaryKeyString());
        foreach (var @event in batch.Events)
        {
            var position = new KafkaPosition(batch.Topic, batch.Partition, @event.Offset);
            await GrainFactory.GetGrain<IOrderView>(ViewVersions.GrainKey(@event.Value.OrderId, version)).ApplyPaymentAsync(position, batch.LogId, @event.Value);
        }
    }
}
