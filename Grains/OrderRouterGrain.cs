using System.Globalization;
using ActorViews.Streaming.Kafka;

namespace ActorViews.Grains;

/// <summary>
/// Routes one order's events to its product and customer grains and publishes their verdicts. Persists only
/// the offsets it has routed; the grains it calls are idempotent per order ID, so routing again is harmless.
/// </summary>
public sealed class OrderRouterGrain(
    [PersistentState("router", "views")] IPersistentState<AppliedOffsets> state,
    IKafkaPublisher publisher) : Grain, IOrderRouter
{
    /// <inheritdoc />
    public async Task ApplyAsync(KafkaEventBatch<Order> batch)
    {
        var fresh = batch.Events.Where(e => state.State.TryAdvance(batch.Topic, batch.Partition, e.Offset)).ToList();
        if (fresh.Count == 0)
        {
            return;
        }

        await state.RunOrRevertAsync(this, async () =>
        {
            foreach (var @event in fresh)
            {
                await RouteAsync(new KafkaPosition(batch.Topic, batch.Partition, @event.Offset), @event);
            }
        });
        await state.WriteOrRevertAsync(this);
    }

    private async Task RouteAsync(KafkaPosition position, KafkaEvent<Order> @event)
    {
        var order = @event.Value;
        var customer = GrainFactory.GetGrain<ICustomerView>(order.CustomerId.ToString(CultureInfo.InvariantCulture));
        var inventory = GrainFactory.GetGrain<IInventoryView>(ProductNames.Of(order.Product));

        var fraud = await customer.ApplyOrderAsync(order, position, @event.Timestamp);
        switch (order.State)
        {
            case OrderState.Created:
                var stock = await inventory.ReserveAsync(order.Id, order.Quantity);
                await PublishAsync(order.Id, OrderValidationType.InventoryCheck, stock.Result);
                if (fraud is { } verdict)
                {
                    await PublishAsync(order.Id, OrderValidationType.FraudCheck, verdict);
                }

                break;
            case OrderState.Failed:
                // The original example keeps a failed order's reservation forever; give the stock back.
                await inventory.ReleaseAsync(order.Id);
                break;
        }
    }

    private Task PublishAsync(string orderId, OrderValidationType check, OrderValidationResult result) =>
        publisher.PublishAsync(Topics.OrderValidations, orderId, new OrderValidation(orderId, check, result));
}
