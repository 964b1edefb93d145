using ActorViews.Streaming.Kafka;

namespace ActorViews.Grains;

/// <summary>The order details check of one order; persists only the offsets it has checked.</summary>
public sealed class OrderDetailsCheckGrain(
    [PersistentState("details-check", "views")] IPersistentState<AppliedOffsets> state,
    IKafkaPublisher publisher) : Grain, IOrderDetailsCheck
{
    /// <inheritdoc />
    public async Task ApplyAsync(KafkaEventBatch<Order> batch)
    {
        var fresh = state.State.TakeNew(batch);
        if (fresh.Count == 0)
        {
            return;
        }

        // Publish, then record the offsets: a crash in between checks the order again and publishes a
        // duplicate verdict, which the aggregator ignores.
        await state.RunOrRevertAsync(this, async () =>
        {
            foreach (var order in fresh.Select(e => e.Value).Where(o => o.State == OrderState.Created))
            {
                await publisher.PublishAsync(Topics.OrderValidations, order.Id, OrderDetailsRules.Validate(order));
            }
        });
        await state.WriteOrRevertAsync(this);
    }
}
