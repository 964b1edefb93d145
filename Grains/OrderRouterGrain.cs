using System.Globalization;
using ActorViews.Streaming.Kafka;

namespace ActorViews.Grains;

/// <summary>
/// Routes one order's events to its product and customer grains and publishes their verdicts. Persists only
/// the offsets it has routed; the grains it calls are idempotent per order ID, so routing again is harmless.
/// </summary>
public sealed class OrderRouterGrain(
    [PersistentState("router", "views")] IPersistentState<AppliedOffsets> state,
    IKafkaPublisher publisher,
    IKafkaLogResetReporter logResets) : Grain, IOrderRouter
{
    /// <inheritdoc />
    public async Task ApplyAsync(KafkaEventBatch<Order> batch)
    {
        await state.ApplyOrRevertAsync(this, async () =>
        {
            var fresh = state.State.TakeNewVersions(batch);
            foreach (var @event in fresh)
            {
                await RouteAsync(new KafkaPosition(batch.Topic, batch.Partition, @event.Offset), batch.LogId, @event);
            }

            return fresh.Count > 0;
        });
        state.State.ReportLogResets(logResets);
    }

    private async Task RouteAsync(KafkaPosition position, string logId, KafkaEvent<Order> @event)
    {
        var order = @event.Value;
        var customer = GrainFactory.GetGrain<ICustomerView>(order.CustomerId.ToString(CultureInfo.InvariantCulture));

        // An order without a product the shop sells has no inventory to check; the order details check fails it.
        var inventory = order.Product is { } product && ProductNames.TryGetName(product, out var name)
            ? GrainFactory.GetGrain<IInventoryView>(name)
            : null;

        var fraud = await customer.ApplyOrderAsync(order, position, logId, @event.Timestamp);
        switch (order.State)
        {
            case OrderState.Created:
                var stock = inventory is null
                    ? new InventoryDecision(OrderValidationResult.Fail, "The order names no product the shop sells.")
                    : await inventory.ReserveAsync(order.Id, order.Quantity, position, logId);
                await PublishAsync(new OrderValidation(order.Id, OrderValidationType.InventoryCheck, stock.Result, stock.Reason));
                if (fraud is { } verdict)
                {
                    await PublishAsync(new OrderValidation(order.Id, OrderValidationType.FraudCheck, verdict));
                }

                break;
            case OrderState.Failed when inventory is not null:
                // The original example keeps a failed order's reservation forever; give the stock back.
                await inventory.ReleaseAsync(order.Id, position, logId);
                break;
        }
    }

    private Task PublishAsync(OrderValidation validation) =>
        publisher.PublishAsync(Topics.OrderValidations, validation.OrderId, validation);
}
