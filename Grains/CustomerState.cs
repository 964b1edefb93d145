using ActorViews.Streaming.Kafka;

namespace ActorViews.Grains;

/// <summary>
/// The persisted record of one customer: profile, orders, fraud sessions and verdicts, with the offsets
/// applied, written together.
/// </summary>
[GenerateSerializer]
public sealed class CustomerState
{
    /// <summary>The fraud check fails an order when its session's total reaches this.</summary>
    public const decimal FraudLimit = 2000m;

    /// <summary>The latest profile; null until one arrives.</summary>
    [Id(0)]
    public Customer? Profile { get; set; }

    /// <summary>The highest applied offset per topic-partition of <c>customers</c>.</summary>
    [Id(1)]
    public AppliedOffsets Offsets { get; set; } = new();

    /// <summary>The customer's orders as of their latest event, by order ID.</summary>
    [Id(2)]
    public Dictionary<string, Order> Orders { get; set; } = [];

    /// <summary>
    /// The <c>orders</c> offset of each order's latest applied event. Per order, not per partition: the
    /// orders of one customer come from many partitions and keys, in no overall order.
    /// </summary>
    [Id(3)]
    public Dictionary<string, long> OrderOffsets { get; set; } = [];

    /// <summary>
    /// The fraud verdict given to each CREATED order, so a repeated event gives the same one. Forgotten when a
    /// later event of the order arrives: the router routes an order's events one batch at a time, so by then
    /// the CREATED event is recorded as routed and is not delivered again.
    /// </summary>
    [Id(4)]
    public Dictionary<string, OrderValidationResult> FraudVerdicts { get; set; } = [];

    /// <summary>The customer's spending sessions.</summary>
    [Id(5)]
    public FraudSessions Sessions { get; set; } = new();

    /// <summary>
    /// The log (topic ID) of each order's latest applied event. An event from another log is new whatever
    /// its offset: the <c>orders</c> topic was replaced, as <see cref="AppliedOffsets"/> finds per partition.
    /// </summary>
    [Id(6)]
    public Dictionary<string, string> OrderLogs { get; set; } = [];

    /// <summary>
    /// The <c>orders</c> events routed here, by position: what an <c>orders</c> position is compared with for
    /// read-your-writes. Not used to skip events (see <see cref="OrderOffsets"/>).
    /// </summary>
    [Id(8)]
    public RoutedPositions RoutedOrders { get; set; } = new();

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

    /// <summary>Applies an order event read at <paramref name="position"/>; for a CREATED order, runs the fraud check once.</summary>
    /// <param name="order">The order event.</param>
    /// <param name="position">Where it was read.</param>
    /// <param name="timestamp">Its event time.</param>
    /// <param name="logId">The log the position belongs to; empty when unknown.</param>
    /// <returns>The fraud verdict for a CREATED order (null otherwise), and whether the state changed.</returns>
    /// <exception cref="OverflowException">
    /// The order's amount (quantity × price), its session's total or the customer's total is beyond what a decimal holds. Nothing has
    /// changed then: the event is a logic failure the delivery engine dead-letters.
    /// </exception>
    public (OrderValidationResult? Verdict, bool Changed) ApplyOrder(Order order, KafkaPosition position, DateTimeOffset timestamp, string? logId = null)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(position);

        // Everything that can fail is decided before anything changes, so a refused order leaves the record whole.
        var newLog = !string.IsNullOrEmpty(logId) && OrderLogs.GetValueOrDefault(order.Id) != logId;

        // A replaced log: this ID's earlier events, and the verdict they got, belong to another order.
        var forgetEarlier = newLog && OrderLogs.ContainsKey(order.Id);
        long? applied = !forgetEarlier && OrderOffsets.TryGetValue(order.Id, out var offset) ? offset : null;
        OrderValidationResult? earlierVerdict = !forgetEarlier && FraudVerdicts.TryGetValue(order.Id, out var kept) ? kept : null;

        // A FAILED order counts towards nothing, so even one whose amount overflows is recorded.
        var amount = order.State == OrderState.Failed ? 0m : OrderDetailsRules.Amount(order);
        var latest = applied is null || position.Offset > applied;
        if (latest)
        {
            // The view shows the customer's total; an order that would take it beyond a decimal is refused here
            // rather than answering every later read with an error.
            _ = Total(Orders.Values.Where(o => o.Id != order.Id)) + amount;
        }

        // A CREATED event older than one applied: the order was checked then, and has moved on since.
        var check = order.State == OrderState.Created && earlierVerdict is null && !(applied > position.Offset);
        var sessionTotal = check ? Sessions.Add(timestamp, amount) : 0m;

        var changed = RoutedOrders.Add(position, logId);
        if (forgetEarlier)
        {
            OrderOffsets.Remove(order.Id);
            FraudVerdicts.Remove(order.Id);
        }

        if (newLog)
        {
            OrderLogs[order.Id] = logId!;
            changed = true;
        }

        if (latest)
        {
            Orders[order.Id] = order;
            OrderOffsets[order.Id] = position.Offset;
            changed = true;
        }

        if (order.State != OrderState.Created)
        {
            return (null, FraudVerdicts.Remove(order.Id) | changed);
        }

        if (!check)
        {
            return (earlierVerdict, changed);
        }

        var verdict = sessionTotal >= FraudLimit ? OrderValidationResult.Fail : OrderValidationResult.Pass;
        FraudVerdicts[order.Id] = verdict;
        return (verdict, true);
    }

    private static decimal Total(IEnumerable<Order> orders) => orders.Where(o => o.State != OrderState.Failed).Sum(o => o.Quantity * o.Price);

    /// <summary>Whether the view applied <paramref name="position"/>, one of <see cref="ViewWaits.CustomerViewTopics"/>.</summary>
    public bool HasApplied(KafkaPosition position) =>
        position.Topic == Topics.Orders ? RoutedOrders.Contains(position) : Offsets.Get(position.Topic, position.Partition) >= position.Offset;

    /// <summary>The view as callers see it, or null when neither profile nor order arrived.</summary>
    public CustomerSnapshot? ToSnapshot(long customerId)
    {
        if (Profile is null && Orders.Count == 0)
        {
            return null;
        }

        var orders = Orders.Values.OrderBy(o => o.Id, StringComparer.Ordinal).ToList();
        return new CustomerSnapshot(customerId, Profile, orders, orders.Count, Total(orders), Sessions.LatestTotal);
    }
}
