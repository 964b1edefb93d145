using ActorViews.Streaming.Kafka;

namespace ActorViews.Grains;

/// <summary>
/// The persisted record of one product's inventory: stock, reservations and the inventory check's verdict
/// per order, with the offsets applied, so that stock and progress are written together.
/// </summary>
[GenerateSerializer]
public sealed class InventoryState
{
    /// <summary>Stock on hand as last reported by the warehouse; null until it reports the product.</summary>
    [Id(0)]
    public long? Stock { get; set; }

    /// <summary>Reserved units per order ID.</summary>
    [Id(1)]
    public Dictionary<string, int> Reservations { get; set; } = [];

    /// <summary>
    /// How many FAIL verdicts of orders that hold no reservation are remembered. A repeated check comes from
    /// the router redelivering a CREATED event it routed but had not recorded yet: soon after the first, and
    /// never once the order's FAILED event was routed (the router takes an order's events one batch at a time).
    /// </summary>
    public const int RememberedFailures = 1_000;

    /// <summary>
    /// The verdict given to each order checked, so a repeated check gives the same one. Kept while the order
    /// holds its reservation; forgotten when it is released (the order failed, so its CREATED event is routed
    /// no more), and for an order that failed this check, once <see cref="RememberedFailures"/> newer ones failed.
    /// </summary>
    [Id(2)]
    public Dictionary<string, InventoryDecision> Decisions { get; set; } = [];

    /// <summary>The highest applied offset per topic-partition of <c>warehouse-inventory</c>.</summary>
    [Id(3)]
    public AppliedOffsets Offsets { get; set; } = new();

    /// <summary>Where the last applied stock event was read; null until one arrives.</summary>
    [Id(4)]
    public KafkaPosition? LastApplied { get; set; }

    /// <summary>
    /// The <c>orders</c> events the inventory check handled here, by position: what an <c>orders</c> position
    /// is compared with for read-your-writes.
    /// </summary>
    [Id(7)]
    public RoutedPositions RoutedOrders { get; set; } = new();

    /// <summary>The orders whose FAIL verdicts are remembered, oldest first.</summary>
    [Id(6)]
    public Queue<string> RecentFailures { get; set; } = new();

    /// <summary>Units held by reservations.</summary>
    public long Reserved => Reservations.Values.Sum(q => (long)q);

    /// <summary>Applies a stock report; the latest wins.</summary>
    /// <returns>False when the event's offset was applied already.</returns>
    public bool ApplyStock(string topic, int partition, KafkaEvent<Inventory> @event, string? logId = null)
    {
        if (!Offsets.TryAdvance(topic, partition, @event.Offset, logId, @event.ReplayOf))
        {
            return false;
        }

        Stock = @event.Value.Quantity;
        LastApplied = new KafkaPosition(topic, partition, @event.Offset);
        return true;
    }

    /// <summary>The inventory check of one order; reserves the quantity when it passes.</summary>
    /// <returns>The verdict, and whether the state changed (false for an order checked before).</returns>
    public (InventoryDecision Decision, bool Changed) Reserve(Product product, string orderId, int quantity)
    {
        if (Decisions.TryGetValue(orderId, out var earlier))
        {
            return (earlier, false);
        }

        InventoryDecision decision;
        if (Stock is not { } stock)
        {
            // The original example waits forever for a stock record; an order must get an answer.
            decision = new(OrderValidationResult.Fail, $"The warehouse has reported no stock of {ProductNames.Of(product)}.");
        }
        else if (quantity < 0)
        {
            decision = new(OrderValidationResult.Fail, $"A quantity of {quantity} cannot be reserved.");
        }
        else if (stock - Reserved - quantity >= 0)
        {
            Reservations[orderId] = quantity;
            decision = new(OrderValidationResult.Pass, null);
        }
        else
        {
            decision = new(OrderValidationResult.Fail, $"{quantity} ordered, {stock - Reserved} of {ProductNames.Of(product)} available.");
        }

        Decisions[orderId] = decision;
        if (decision.Result == OrderValidationResult.Fail)
        {
            RecentFailures.Enqueue(orderId);
            while (RecentFailures.Count > RememberedFailures)
            {
                Decisions.Remove(RecentFailures.Dequeue());
            }
        }

        return (decision, true);
    }

    /// <summary>Releases the reservation of a failed order, and forgets its verdict.</summary>
    /// <returns>False when the order held no reservation and no verdict.</returns>
    public bool Release(string orderId) => Reservations.Remove(orderId) | Decisions.Remove(orderId);

    /// <summary>Records that the order event at <paramref name="position"/> was handled here.</summary>
    /// <returns>True when it was not recorded before (the state changed).</returns>
    public bool MarkRouted(KafkaPosition position, string? logId = null) => RoutedOrders.Add(position, logId);

    /// <summary>Whether the view applied <paramref name="position"/>, one of <see cref="ViewWaits.InventoryViewTopics"/>.</summary>
    public bool HasApplied(KafkaPosition position) =>
        position.Topic == Topics.Orders ? RoutedOrders.Contains(position) : Offsets.Get(position.Topic, position.Partition) >= position.Offset;

    /// <summary>The view as callers see it, or null when the warehouse never reported the product.</summary>
    public InventorySnapshot? ToSnapshot(Product product)
    {
        if (Stock is not { } stock || LastApplied is not { } lastApplied)
        {
            return null;
        }

        var reserved = Reserved;
        return new InventorySnapshot(product, stock, reserved, stock - reserved, Reservations.Count, lastApplied);
    }
}
