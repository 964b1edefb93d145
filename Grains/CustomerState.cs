using ActorViews.Streaming.Kafka;

namespace ActorViews.Grains;

/// <summary>
/// The persisted record of one customer: profile, recent orders, running totals, fraud sessions, and the
/// offsets applied, written together.
/// </summary>
/// <remarks>
/// Bounded: the newest <see cref="RecentOrderLimit"/> orders, the totals as numbers, the sessions that can
/// still change a verdict, and per order only what a router that has not confirmed recording it may ask
/// again (<see cref="Unconfirmed"/>).
/// </remarks>
[GenerateSerializer]
public sealed class CustomerState
{
    /// <summary>The fraud check fails an order when its session's total reaches this.</summary>
    public const decimal FraudLimit = 2000m;

    /// <summary>How many of the customer's orders the view lists; an older one is read by its ID.</summary>
    public const int RecentOrderLimit = 100;

    /// <summary>How long an event its router never confirmed is remembered (as for the inventory check).</summary>
    public static readonly TimeSpan UnconfirmedLifetime = InventoryState.UnconfirmedVerdictLifetime;

    /// <summary>The latest profile; null until one arrives.</summary>
    [Id(0)]
    public Customer? Profile { get; set; }

    /// <summary>The highest applied offset per topic-partition of <c>customers</c>.</summary>
    [Id(1)]
    public AppliedOffsets Offsets { get; set; } = new();

    /// <summary>Every order by ID, as versions before <see cref="Recent"/> wrote them; converted on load.</summary>
    [Id(2)]
    public Dictionary<string, Order> Orders { get; set; } = [];

    /// <summary>Per-order offsets of the previous version; dropped on load.</summary>
    [Id(3)]
    public Dictionary<string, long> OrderOffsets { get; set; } = [];

    /// <summary>Per-order verdicts of the previous version; dropped on load.</summary>
    [Id(4)]
    public Dictionary<string, OrderValidationResult> FraudVerdicts { get; set; } = [];

    /// <summary>The customer's spending sessions.</summary>
    [Id(5)]
    public FraudSessions Sessions { get; set; } = new();

    /// <summary>Per-order logs of the previous version; dropped on load.</summary>
    [Id(6)]
    public Dictionary<string, string> OrderLogs { get; set; } = [];

    /// <summary>
    /// The <c>orders</c> events routed here, by position: what an <c>orders</c> position is compared with for
    /// read-your-writes.
    /// </summary>
    [Id(8)]
    public RoutedPositions RoutedOrders { get; set; } = new();

    /// <summary>The newest orders, each as of its latest event, oldest first; at most <see cref="RecentOrderLimit"/>.</summary>
    [Id(9)]
    public List<Order> Recent { get; set; } = [];

    /// <summary>How many orders the customer placed.</summary>
    [Id(10)]
    public int OrderCount { get; set; }

    /// <summary>Σ quantity × price over the customer's orders that did not fail.</summary>
    [Id(11)]
    public decimal TotalValue { get; set; }

    /// <summary>
    /// The latest event of each order whose router has not confirmed recording it, by order ID: a router that
    /// crashed before recording routes the event again, and gets the first verdict without counting twice.
    /// </summary>
    [Id(12)]
    public Dictionary<string, RoutedOrderEvent> Unconfirmed { get; set; } = [];

    /// <summary>Converts a record written by a version that kept every order: counts, and the newest orders kept.</summary>
    /// <returns>True when the record was of that form (the next write stores the new one).</returns>
    public bool UpgradeFromPerOrderMaps()
    {
        if (Orders.Count == 0 && OrderOffsets.Count == 0 && FraudVerdicts.Count == 0 && OrderLogs.Count == 0)
        {
            return false;
        }

        OrderCount += Orders.Count;
        TotalValue += Orders.Values.Where(o => o.State != OrderState.Failed).Sum(o => o.Quantity * o.Price);

        // The old record kept no arrival order; the highest offsets are the newest within each partition.
        Recent = [.. Orders.Values.OrderBy(o => OrderOffsets.GetValueOrDefault(o.Id)).TakeLast(RecentOrderLimit)];
        Orders.Clear();
        OrderOffsets.Clear();
        FraudVerdicts.Clear();
        OrderLogs.Clear();
        return true;
    }

    /// <summary>Applies a profile; the latest wins.</summary>
    /// <returns>False when the event's offset was applied already.</returns>
    public bool ApplyProfile(string topic, int partition, KafkaEvent<Customer> @event, string? logId = null)
    {
        if (!Offsets.TryAdvance(topic, partition, @event.Offset, logId, @event.ReplayOf))
        {
            return false;
        }

        Profile = @event.Value;
        return true;
    }

    /// <summary>Applies an order event read at <paramref name="position"/>; for a CREATED order, runs the fraud check.</summary>
    /// <param name="order">The order event.</param>
    /// <param name="position">Where it was read.</param>
    /// <param name="timestamp">Its event time.</param>
    /// <param name="now">When it is applied: unconfirmed events older than <see cref="UnconfirmedLifetime"/> are forgotten.</param>
    /// <param name="logId">The log the position belongs to; empty when unknown.</param>
    /// <returns>The fraud verdict for a CREATED order (null otherwise), and whether the state changed.</returns>
    /// <remarks>
    /// The router hands over an order's events in offset order and never again once it recorded them, so an
    /// event is new unless it is at or before the unconfirmed one of its order from the same log. An order
    /// whose event is not CREATED and that is not among the recent ones is taken as one placed and counted
    /// (not failed) before: orders start CREATED, and only a customer's newest 100 are listed.
    /// </remarks>
    /// <exception cref="OverflowException">
    /// The order's amount (quantity × price), its session's total or the customer's total is beyond what a decimal holds. Nothing has
    /// changed then: the event is a logic failure the delivery engine dead-letters.
    /// </exception>
    public (OrderValidationResult? Verdict, bool Changed) ApplyOrder(Order order, KafkaPosition position, DateTimeOffset timestamp, DateTimeOffset now, string? logId = null)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(position);
        var log = logId ?? string.Empty;
        if (Unconfirmed.TryGetValue(order.Id, out var earlier) && earlier.LogId == log && position.Offset <= earlier.Offset)
        {
            var verdict = position.Offset == earlier.Offset ? earlier.Verdict : null;
            return (verdict, RoutedOrders.Add(position, logId));
        }

        // Everything that can fail is decided before anything changes, so a refused order leaves the record whole.
        var at = Recent.FindIndex(o => o.Id == order.Id);
        var placedBefore = at >= 0 || order.State != OrderState.Created;
        var before = at >= 0
            ? (Recent[at].State == OrderState.Failed ? 0m : OrderDetailsRules.Amount(Recent[at]))
            : (placedBefore ? AmountCounted(order) : 0m);

        // A FAILED order counts towards nothing, so even one whose amount overflows is recorded.
        var amount = order.State == OrderState.Failed ? 0m : OrderDetailsRules.Amount(order);
        var total = TotalValue - before + amount;
        // An ID seen in a replaced log (the topic was recreated) is another order: checked again.
        var replaced = earlier is not null && earlier.LogId != log;
        var check = order.State == OrderState.Created && (at < 0 || replaced);
        var sessionTotal = check ? Sessions.Add(timestamp, amount) : 0m;

        OrderValidationResult? given = check ? (sessionTotal >= FraudLimit ? OrderValidationResult.Fail : OrderValidationResult.Pass) : null;
        TotalValue = total;
        OrderCount += placedBefore ? 0 : 1;
        if (at >= 0)
        {
            Recent.RemoveAt(at);
        }

        Recent.Add(order);
        if (Recent.Count > RecentOrderLimit)
        {
            Recent.RemoveAt(0);
        }

        foreach (var (orderId, routed) in Unconfirmed)
        {
            if (now - routed.Applied > UnconfirmedLifetime)
            {
                Unconfirmed.Remove(orderId);
            }
        }

        Unconfirmed[order.Id] = new RoutedOrderEvent(position.Offset, log, given, now);
        RoutedOrders.Add(position, logId);
        return (given, true);
    }

    // An order whose amount is beyond a decimal was never counted: its CREATED event was refused.
    private static decimal AmountCounted(Order order)
    {
        try
        {
            return OrderDetailsRules.Amount(order);
        }
        catch (OverflowException)
        {
            return 0m;
        }
    }

    /// <summary>Forgets the unconfirmed event of an order its router recorded: the router never routes it again.</summary>
    /// <returns>True when one was forgotten.</returns>
    public bool Confirm(string orderId) => Unconfirmed.Remove(orderId);

    /// <summary>Whether the view applied <paramref name="position"/>, one of <see cref="ViewWaits.CustomerViewTopics"/>.</summary>
    public bool HasApplied(KafkaPosition position) =>
        position.Topic == Topics.Orders ? RoutedOrders.Contains(position) : Offsets.Get(position.Topic, position.Partition) >= position.Offset;

    /// <summary>The view as callers see it, or null when neither profile nor order arrived.</summary>
    public CustomerSnapshot? ToSnapshot(long customerId)
    {
        if (Profile is null && Recent.Count == 0)
        {
            return null;
        }

        var orders = Recent.OrderBy(o => o.Id, StringComparer.Ordinal).ToList();
        return new CustomerSnapshot(customerId, Profile, orders, OrderCount, TotalValue, Sessions.LatestTotal);
    }
}
