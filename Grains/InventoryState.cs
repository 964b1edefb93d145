using ActorViews.Streaming.Kafka;

namespace ActorViews.Grains;

/// <summary>
/// The persisted record of one product's inventory: stock, the units and orders reserved as counts, and the
/// offsets applied, so that stock and progress are written together.
/// </summary>
/// <remarks>
/// Bounded: nothing here grows with the number of orders the product ever passed. An order is reserved once
/// because the router's requests carry their <c>orders</c> position and arrive in that partition's order, so the
/// highest position applied per <c>orders</c> partition tells a request written again from a new one; it is
/// released once because the newest <see cref="RememberedReleases"/> released orders are remembered.
/// </remarks>
[GenerateSerializer]
public sealed class InventoryState
{
    /// <summary>How many released orders are remembered, so that a repeated release gives nothing back twice.</summary>
    /// <remarks>
    /// A release repeats only when the order's aggregator crashed between releasing and storing its decision,
    /// and then comes again within seconds, when the order's validations are delivered again; a thousand
    /// releases of one product happen in well under a second only when orders fail in bulk.
    /// </remarks>
    public const int RememberedReleases = 1_000;

    /// <summary>Stock on hand as last reported by the warehouse; null until it reports the product.</summary>
    [Id(0)]
    public long? Stock { get; set; }

    /// <summary>Reserved units per order ID, as versions before the counts wrote it; folded into the counts on load.</summary>
    [Id(1)]
    public Dictionary<string, int> Reservations { get; set; } = [];

    /// <summary>Verdicts per order ID as versions before the counts wrote them; dropped on load.</summary>
    [Id(2)]
    public Dictionary<string, InventoryDecision> Decisions { get; set; } = [];

    /// <summary>
    /// The highest applied offset per topic-partition: of <c>warehouse-inventory</c> for stock, and of
    /// <c>orders</c> for the requests (their <see cref="InventoryRequest.Source"/>).
    /// </summary>
    [Id(3)]
    public AppliedOffsets Offsets { get; set; } = new();

    /// <summary>Where the last applied stock event was read; null until one arrives.</summary>
    [Id(4)]
    public KafkaPosition? LastApplied { get; set; }

    /// <summary>Failed orders as versions before the counts wrote them; dropped on load.</summary>
    [Id(6)]
    public Queue<string> RecentFailures { get; set; } = new();

    /// <summary>Units held by reservations of orders that passed the inventory check and did not fail.</summary>
    [Id(8)]
    public long Reserved { get; set; }

    /// <summary>How many orders hold those reservations.</summary>
    [Id(9)]
    public int ReservationCount { get; set; }

    /// <summary>The newest released orders, oldest first; at most <see cref="RememberedReleases"/>.</summary>
    [Id(11)]
    public Queue<string> Released { get; set; } = new();

    /// <summary>
    /// Verdicts decided by the last batches and stored with them, until published (<c>VerdictOutbox</c>); empty
    /// in memory once they are out, and stored empty with the next write.
    /// </summary>
    [Id(12)]
    public List<OrderValidation> Outbox { get; set; } = [];

    /// <summary>
    /// Converts a record written by a version that kept every order: reservations become counts, and the
    /// verdicts of orders long answered are dropped.
    /// </summary>
    /// <returns>True when the record was of that form (the next write stores the new one).</returns>
    public bool UpgradeFromPerOrderMaps()
    {
        if (Reservations.Count == 0 && Decisions.Count == 0 && RecentFailures.Count == 0)
        {
            return false;
        }

        Reserved += Reservations.Values.Sum(q => (long)q);
        ReservationCount += Reservations.Count;
        Reservations.Clear();
        Decisions.Clear();
        RecentFailures.Clear();
        return true;
    }

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

    /// <summary>Applies one request of the order router: the inventory check of a CREATED order, or a FAILED order's position.</summary>
    /// <param name="product">The product, for the reasons given.</param>
    /// <param name="request">The request.</param>
    /// <returns>
    /// The inventory check's verdict, null for a request that only records a position; whether the request was new
    /// (false for one at or before the highest position applied from its <c>orders</c> partition, which changes nothing).
    /// </returns>
    public (InventoryDecision? Decision, bool Applied) Apply(Product product, InventoryRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var source = request.Source;
        if (!Offsets.TryAdvance(source.Topic, source.Partition, source.Offset, request.SourceLogId))
        {
            return (null, false);
        }

        return (request.Reserve ? Reserve(product, request.Quantity) : null, true);
    }

    /// <summary>The inventory check: PASS and reserve when stock − reserved − quantity ≥ 0, else FAIL.</summary>
    private InventoryDecision Reserve(Product product, int quantity)
    {
        if (Stock is not { } stock)
        {
            // The original example waits forever for a stock record; an order must get an answer.
            return new(OrderValidationResult.Fail, $"The warehouse has reported no stock of {ProductNames.Of(product)}.");
        }

        if (quantity < 0)
        {
            return new(OrderValidationResult.Fail, $"A quantity of {quantity} cannot be reserved.");
        }

        if (stock - Reserved - quantity < 0)
        {
            return new(OrderValidationResult.Fail, $"{quantity} ordered, {stock - Reserved} of {ProductNames.Of(product)} available.");
        }

        Reserved += quantity;
        ReservationCount++;
        return new(OrderValidationResult.Pass, null);
    }

    /// <summary>Gives back the units of a failed order that passed this check; once per order.</summary>
    /// <param name="orderId">The failed order.</param>
    /// <param name="quantity">The units it reserved.</param>
    /// <returns>False when the order was released already.</returns>
    public bool Release(string orderId, int quantity)
    {
        if (Released.Contains(orderId))
        {
            return false;
        }

        Reserved -= quantity;
        ReservationCount--;
        Released.Enqueue(orderId);
        while (Released.Count > RememberedReleases)
        {
            Released.Dequeue();
        }

        return true;
    }

    /// <summary>Whether the view applied <paramref name="position"/>, one of <see cref="ViewWaits.InventoryViewTopics"/>.</summary>
    /// <remarks>
    /// Exact for an <c>orders</c> position of this product's order: the router writes a partition's requests in
    /// offset order, so the product has applied that event once it applied one of the partition at or after it.
    /// </remarks>
    public bool HasApplied(KafkaPosition position)
    {
        ArgumentNullException.ThrowIfNull(position);
        return Offsets.Get(position.Topic, position.Partition) >= position.Offset;
    }

    /// <summary>The view as callers see it, or null when the warehouse never reported the product.</summary>
    public InventorySnapshot? ToSnapshot(Product product)
    {
        if (Stock is not { } stock || LastApplied is not { } lastApplied)
        {
            return null;
        }

        return new InventorySnapshot(product, stock, Reserved, stock - Reserved, ReservationCount, lastApplied);
    }
}
