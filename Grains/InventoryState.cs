using ActorViews.Streaming.Kafka;

namespace ActorViews.Grains;

/// <summary>
/// The persisted record of one product's inventory: stock, the units and orders reserved as counts, and the
/// little it must remember per order to reserve and release each order exactly once, with the offsets
/// applied, so that stock and progress are written together.
/// </summary>
/// <remarks>
/// Bounded: nothing here grows with the number of orders the product ever passed. A verdict is kept only until
/// the router that asked for it confirms it recorded the order (<see cref="Confirm"/>), and releases only for
/// the newest <see cref="RememberedReleases"/> orders.
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

    /// <summary>
    /// How long a verdict its router never confirmed is kept. A router confirms once it recorded the order, so an
    /// unconfirmed verdict is a router that crashed in between; its partition is read again by another silo
    /// within the membership's failure detection, minutes at most.
    /// </summary>
    public static readonly TimeSpan UnconfirmedVerdictLifetime = TimeSpan.FromHours(1);

    /// <summary>Stock on hand as last reported by the warehouse; null until it reports the product.</summary>
    [Id(0)]
    public long? Stock { get; set; }

    /// <summary>Reserved units per order ID, as versions before the counts wrote it; folded into the counts on load.</summary>
    [Id(1)]
    public Dictionary<string, int> Reservations { get; set; } = [];

    /// <summary>Verdicts per order ID as versions before <see cref="Unconfirmed"/> wrote them; dropped on load.</summary>
    [Id(2)]
    public Dictionary<string, InventoryDecision> Decisions { get; set; } = [];

    /// <summary>The highest applied offset per topic-partition of <c>warehouse-inventory</c>.</summary>
    [Id(3)]
    public AppliedOffsets Offsets { get; set; } = new();

    /// <summary>Where the last applied stock event was read; null until one arrives.</summary>
    [Id(4)]
    public KafkaPosition? LastApplied { get; set; }

    /// <summary>Failed orders as versions before <see cref="Unconfirmed"/> wrote them; dropped on load.</summary>
    [Id(6)]
    public Queue<string> RecentFailures { get; set; } = new();

    /// <summary>
    /// The <c>orders</c> events the inventory check handled here, by position: what an <c>orders</c> position
    /// is compared with for read-your-writes.
    /// </summary>
    [Id(7)]
    public RoutedPositions RoutedOrders { get; set; } = new();

    /// <summary>Units held by reservations of orders that passed the inventory check and did not fail.</summary>
    [Id(8)]
    public long Reserved { get; set; }

    /// <summary>How many orders hold those reservations.</summary>
    [Id(9)]
    public int ReservationCount { get; set; }

    /// <summary>
    /// The verdicts whose routers have not confirmed recording the order yet, by order ID: what a router that
    /// crashed before recording gets when it asks again.
    /// </summary>
    [Id(10)]
    public Dictionary<string, UnconfirmedVerdict> Unconfirmed { get; set; } = [];

    /// <summary>The newest released orders, oldest first; at most <see cref="RememberedReleases"/>.</summary>
    [Id(11)]
    public Queue<string> Released { get; set; } = new();

    /// <summary>
    /// Converts a record written by a version that kept every order: reservations become counts, and the
    /// verdicts of orders long recorded by their routers are dropped.
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

    /// <summary>The inventory check of one order; reserves the quantity when it passes.</summary>
    /// <param name="product">The product, for the reasons given.</param>
    /// <param name="orderId">The order checked.</param>
    /// <param name="quantity">How many it orders.</param>
    /// <param name="now">When the check runs: unconfirmed verdicts older than <see cref="UnconfirmedVerdictLifetime"/> are dropped.</param>
    /// <returns>The verdict, and whether the state changed (false for an order asked about again before its router confirmed).</returns>
    public (InventoryDecision Decision, bool Changed) Reserve(Product product, string orderId, int quantity, DateTimeOffset now)
    {
        if (Unconfirmed.TryGetValue(orderId, out var earlier))
        {
            return (earlier.Decision, false);
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
            Reserved += quantity;
            ReservationCount++;
            decision = new(OrderValidationResult.Pass, null);
        }
        else
        {
            decision = new(OrderValidationResult.Fail, $"{quantity} ordered, {stock - Reserved} of {ProductNames.Of(product)} available.");
        }

        DropExpired(now);
        Unconfirmed[orderId] = new UnconfirmedVerdict(decision, now);
        return (decision, true);
    }

    /// <summary>Forgets the verdict of an order its router recorded: the router never asks about it again.</summary>
    /// <returns>True when a verdict was forgotten.</returns>
    public bool Confirm(string orderId) => Unconfirmed.Remove(orderId);

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

        return new InventorySnapshot(product, stock, Reserved, stock - Reserved, ReservationCount, lastApplied);
    }

    private void DropExpired(DateTimeOffset now)
    {
        foreach (var (orderId, verdict) in Unconfirmed)
        {
            if (now - verdict.Given > UnconfirmedVerdictLifetime)
            {
                Unconfirmed.Remove(orderId);
            }
        }
    }
}
