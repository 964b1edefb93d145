using ActorViews.Streaming.Kafka;
using Orleans.Concurrency;

namespace ActorViews.Grains;

/// <summary>Forwards an order's validations to its view; keeps nothing, so it runs as a stateless worker.</summary>
[StatelessWorker]
public sealed class OrderValidationsFeedGrain : Grain, IOrderValidationsFeed
{
    /// <inheritdoc />
    public Task ApplyAsync(KafkaEventBatch<OrderValidation> batch) =>
        // The key carries the version of the order view it feeds (ViewVersions): the same key is that version's order view.
        GrainFactory.GetGrain<IOrderView>(this.GetPrimaryKeyString()).ApplyValidationsAsync(batch);
}
