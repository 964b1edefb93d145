using ActorViews.Streaming.Kafka;
using Orleans.Concurrency;

namespace ActorViews.Grains;

/// <summary>Forwards an order's validations to its view; keeps nothing, so it runs as a stateless worker.</summary>
[StatelessWorker]
public sealed class OrderValidationsFeedGrain : Grain, IOrderValidationsFeed
{
    /// <inheritdoc />
    public Task ApplyAsync(KafkaEventBatch<OrderValidation> batch) =>
        GrainFactory.GetGrain<IOrderView>(this.GetPrimaryKeyString()).ApplyValidationsAsync(batch);
}
