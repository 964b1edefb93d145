using ActorViews.Streaming.Kafka;

namespace ActorViews.Grains;

/// <summary>The order details check of one order; persists only the offsets it has checked.</summary>
public sealed class OrderDetailsCheckGrain(
    [PersistentState("details-check", "views")] IPersistentState<AppliedOffsets> state,
    IKafkaPublisher publisher,
    IKafkaLogResetReporter logResets) : Grain, IOrderDetailsCheck
{
    /// <inheritdoc />
    public async Task ApplyAsync(KafkaEventBatch<Order> batch)
    {
        await state.ApplyOrRevertAsync(this, async () =>
        {
            var fresh = state.State.TakeNewVersions(batch);

            // Publish, then record the offsets: a crash in between checks the order again and publishes a
            // duplicate verdict, which the aggregator ignores.
            foreach (var order in fresh.Select(e => e.Value).Where(o => o.State == OrderState.Created))
            {
                await publisher.PublishAsync(Topics.OrderValidations, order.Id, OrderDetailsRules.Validate(order));
            }

            return fresh.Count > 0;
        });
        state.State.ReportLogResets(logResets);
    }
}
