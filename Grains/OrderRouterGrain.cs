using System.Globalization;
using ActorViews.Streaming.Kafka;

namespace ActorViews.Grains;

/// <summary>
/// Re-keys one <c>orders</c> partition through the log: for each new order event it publishes, without waiting
/// on any grain, a request to the product's <c>inventory-requests</c> and the event to the customer's
/// <c>customer-orders</c>, each carrying the event's <c>orders</c> position. Persists only the offsets it has
/// routed, once per batch.
/// </summary>
/// <remarks>
/// The order details check is not routed: it needs nothing but the order, so the order view runs it on the CREATED
/// order it keeps (<see cref="OrderViewState.Apply"/>), a message and a state write per order fewer. Routing a suffix again after a crash is
/// harmless: products and customers skip a request whose position is at or before the highest they applied from
/// its partition, and the aggregator ignores a verdict given twice.
/// </remarks>
[KafkaPartitionPlacement(Topics.Orders)]
public sealed class OrderRouterGrain(
    [PersistentState("router", "views")] IPersistentState<AppliedOffsets> state,
    IKafkaPublisher publisher,
    IKafkaLogResetReporter logResets) : Grain, IOrderRouter
{
    /// <inheritdoc />
    public async Task ApplyAsync(KafkaEventBatch<Order> batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        await state.ApplyOrRevertAsync(this, async () =>
        {
            var fresh = state.State.TakeNewVersions(batch);
            var acknowledgements = new List<Task>(fresh.Count * 2);
            foreach (var @event in fresh)
            {
                Route(new KafkaPosition(batch.Topic, batch.Partition, @event.Offset), batch.LogId, @event, acknowledgements);
            }

            // One wait for the whole batch. The producer is idempotent, so it writes each partition's messages in
            // the order they were given and none twice: a product or customer receives this partition's requests
            // in offset order, which is what lets it recognise a repeated one by its position alone.
            await Task.WhenAll(acknowledgements);
            return fresh.Count > 0;
        });
        state.State.ReportLogResets(logResets);
    }

    private void Route(KafkaPosition source, string logId, KafkaEvent<Order> @event, List<Task> acknowledgements)
    {
        var order = @event.Value;
        var created = order.State == OrderState.Created;
        if (order.Product is { } product && ProductNames.TryGetName(product, out var name))
        {
            // A FAILED order's request reserves nothing (its aggregator released the units before publishing it):
            // it lets a read-your-writes on the FAILED event's position find the product.
            if (created || order.State == OrderState.Failed)
            {
                acknowledgements.Add(Publish(Topics.InventoryRequests, name, new InventoryRequest(order.Id, product, order.Quantity, created, source, logId)));
            }
        }
        else if (created)
        {
            // No product grain to ask; the order view's details check fails the order too.
            acknowledgements.Add(Publish(
                Topics.OrderValidations,
                order.Id,
                new OrderValidation(order.Id, OrderValidationType.InventoryCheck, OrderValidationResult.Fail, "The order names no product the shop sells.")));
        }

        var customer = order.CustomerId.ToString(CultureInfo.InvariantCulture);
        acknowledgements.Add(Publish(Topics.CustomerOrders, customer, new CustomerOrder(order, @event.Timestamp, source, logId)));
    }

    private Task Publish<TEvent>(string topic, string key, TEvent value) => publisher.PublishAsync(topic, key, value);
}
