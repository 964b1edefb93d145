using System.Globalization;
using ActorViews.Streaming.Kafka;

namespace ActorViews.Grains;

/// <summary>
/// Checks one order's details and routes its events to its product and customer grains, publishing the
/// verdicts. Persists only the offsets it has routed; the grains it calls are idempotent per order ID, so
/// routing again is harmless, and a verdict published twice is ignored by the aggregator.
/// </summary>
/// <remarks>
/// The order details check runs here rather than in a view of its own: it needs nothing but the order, and a
/// grain of its own cost an activation and a state write per order.
/// </remarks>
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

    private Task RouteAsync(KafkaPosition position, string logId, KafkaEvent<Order> @event)
    {
        // Needs no other grain, so it is published while the others answer.
        var details = @event.Value.State == OrderState.Created
            ? PublishAsync(OrderDetailsRules.Validate(@event.Value))
            : Task.CompletedTask;
        return Task.WhenAll(details, CheckStockAndFraudAsync(position, logId, @event));
    }

    private async Task CheckStockAndFraudAsync(KafkaPosition position, string logId, KafkaEvent<Order> @event)
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
