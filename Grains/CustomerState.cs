using ActorViews.Streaming.Kafka;

namespace ActorViews.Grains;

/// <summary>
/// The persisted record of one customer: profile, recent orders, running totals, fraud sessions, and the
/// offsets applied, written together.
/// </summary>
/// <remarks>
/// Bounded: the newest <see cref="RecentOrderLimit"/> orders, the totals as numbers, the sessions that can
/// still change a verdict, and one offset per partition of <c>customers</c> and <c>orders</c>.
/// </remarks>
[GenerateSerializer]
public sealed class CustomerState
{
    /// <summary>The fraud check fails an order when its session's total reaches this.</summary>
    public const decimal FraudLimit = 2000m;

    /// <summary>How many of the customer's orders the view lists; an older one is read by its ID.</summary>
    public const int RecentOrderLimit = 100;

    /// <summary>The latest profile; null until one arrives.</summary>
    [Id(0)]
    public Customer? Profile { get; set; }

    /// <summary>
    /// The highest applied offset per topic-partition: of <c>customers</c> for the profile, and of <c>orders</c>
    /// for order events (their <see cref="CustomerOrder.Source"/>).
    /// </summary>
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
    /// Verdicts decided by the last batches and stored with them, until published (<c>VerdictOutbox</c>); empty
    /// in memory once they are out, and stored empty with the next write.
    /// </summary>
    [Id(13)]
    public List<OrderValidation> Outbox { get; set; } = [];

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

    /// <summary>Applies an order event read at <paramref name="source"/> in <c>orders</c>; for a CREATED order, runs the fraud check.</summary>
    /// <param name="order">The order event.</param>
    /// <param name="source">Where it was read in <c>orders</c>.</param>
    /// <param name="eventTime">Its event time (<see cref="FraudSessions.EventTime"/>).</param>
    /// <param name="logId">The log the position belongs to; empty when unknown.</param>
    /// <returns>The fraud verdict for a CREATED order (null otherwise), and whether the event was new (the state changed).</returns>
    /// <remarks>
    /// The router writes a partition's events in offset order, so an event at or before the highest position
    /// applied from its partition was applied already (it was written again after a crash) and changes nothing.
    /// An order whose event is not CREATED and that is not among the recent ones is taken as one placed and
    /// counted (not failed) before: orders start CREATED, and only a customer's newest 100 are listed.
    /// </remarks>
    /// <exception cref="OverflowException">
    /// The order's amount (quantity × price), its session's total or the customer's total is beyond what a decimal holds. Nothing has
    /// changed then: the event is a logic failure the delivery engine dead-letters.
    /// </exception>
    public (OrderValidationResult? Verdict, bool Applied) ApplyOrder(Order order, KafkaPosition source, DateTimeOffset eventTime, string? logId = null)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(source);

        // The orders topic was recreated: its offsets start again, and an ID listed before is another order.
        var replacedLog = !string.IsNullOrEmpty(logId)
            && Offsets.Logs.TryGetValue(KafkaPartitionKey.Of(source.Topic, source.Partition), out var knownLog)
            && knownLog != logId;
        if (!replacedLog && !Offsets.IsNew(source.Topic, source.Partition, source.Offset))
        {
            return (null, false);
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
        var check = order.State == OrderState.Created && (at < 0 || replacedLog);
        var sessionTotal = check ? Sessions.Add(eventTime, amount) : 0m;

        OrderValidationResult? given = check ? (sessionTotal >= FraudLimit ? OrderValidationResult.Fail : OrderValidationResult.Pass) : null;
        Offsets.TryAdvance(source.Topic, source.Partition, source.Offset, logId);
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

    /// <summary>Whether the view applied <paramref name="position"/>, one of <see cref="ViewWaits.CustomerViewTopics"/>.</summary>
    /// <remarks>
    /// Exact for an <c>orders</c> position of this customer's order: the router writes a partition's events in
    /// offset order, so the customer has applied that event once it applied one of the partition at or after it.
    /// </remarks>
    public bool HasApplied(KafkaPosition position)
    {
        ArgumentNullException.ThrowIfNull(position);
        return Offsets.Get(position.Topic, position.Partition) >= position.Offset;
    }

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
