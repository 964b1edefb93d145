using System.Globalization;
using ActorViews.Streaming.Kafka;

namespace ActorViews.Grains;

/// <summary>
/// Checks one order's details and routes its events to its product and customer grains, publishing the
/// verdicts. Persists only the offsets it has routed; the grains it calls are idempotent per order ID until
/// told the router recorded the order, so routing again is harmless, and a verdict published twice is ignored
/// by the aggregator.
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
        var checkedStock = new List<(IInventoryView Inventory, string OrderId)>();
        var routedTo = new HashSet<(ICustomerView Customer, string OrderId)>();
        var recorded = await state.ApplyOrRevertAsync(this, async () =>
        {
            var fresh = state.State.TakeNewVersions(batch);
            foreach (var @event in fresh)
            {
                routedTo.Add((Customer(@event.Value), @event.Value.Id));
                if (await RouteAsync(new KafkaPosition(batch.Topic, batch.Partition, @event.Offset), batch.LogId, @event) is { } inventory)
                {
                    checkedStock.Add((inventory, @event.Value.Id));
                }
            }

            return fresh.Count > 0;
        });
        state.State.ReportLogResets(logResets);

        // Only now that the offsets are stored will these events never be routed again; until then the products
        // and customers keep what they answered, for a retry.
        if (recorded)
        {
            foreach (var (inventory, orderId) in checkedStock)
            {
                await inventory.ConfirmRecordedAsync(orderId);
            }

            foreach (var (customer, orderId) in routedTo)
            {
                await customer.ConfirmRecordedAsync(orderId);
            }
        }
    }

    // Returns the product grain that checked the stock of a CREATED order, if one did.
    private async Task<IInventoryView?> RouteAsync(KafkaPosition position, string logId, KafkaEvent<Order> @event)
    {
        // Needs no other grain, so it is published while the others answer.
        var details = @event.Value.State == OrderState.Created
            ? PublishAsync(OrderDetailsRules.Validate(@event.Value))
            : Task.CompletedTask;
        var stockChecked = CheckStockAndFraudAsync(position, logId, @event);
        await Task.WhenAll(details, stockChecked);
        return await stockChecked;
    }

    private async Task<IInventoryView?> CheckStockAndFraudAsync(KafkaPosition position, string logId, KafkaEvent<Order> @event)
    {
        var order = @event.Value;
        var customer = Customer(order);

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

                return inventory;
            case OrderState.Failed when inventory is not null:
                // The aggregator released the stock before it published this event; a read-your-writes on its
                // position still finds the product.
                await inventory.RecordOrderEventAsync(position, logId);
                break;
        }

        return null;
    }

    private ICustomerView Customer(Order order) => GrainFactory.GetGrain<ICustomerView>(order.CustomerId.ToString(CultureInfo.InvariantCulture));

    private Task PublishAsync(OrderValidation validation) =>
        publisher.PublishAsync(Topics.OrderValidations, validation.OrderId, validation);
}
