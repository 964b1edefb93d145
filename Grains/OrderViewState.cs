using ActorViews.Streaming.Kafka;

namespace ActorViews.Grains;

/// <summary>
/// The persisted record of one order view: the order, its validations and payment, the aggregator's
/// decision, and the offsets applied, kept together so that a write records the view and its progress at once.
/// </summary>
[GenerateSerializer]
public sealed class OrderViewState
{
    private static readonly int CheckCount = Enum.GetValues<OrderValidationType>().Length;

    /// <summary>The order as of the last applied event; null until one arrives.</summary>
    [Id(0)]
    public Order? Order { get; set; }

    /// <summary>How many distinct order events were applied.</summary>
    [Id(1)]
    public long AppliedCount { get; set; }

    /// <summary>Where the last applied order event was read; null until one arrives.</summary>
    [Id(2)]
    public KafkaPosition? LastApplied { get; set; }

    /// <summary>The highest applied offset per topic-partition of <c>orders</c>, <c>order-validations</c> and <c>payments</c>.</summary>
    [Id(3)]
    public AppliedOffsets Offsets { get; set; } = new();

    /// <summary>The first verdict of each check type; duplicates are ignored.</summary>
    [Id(4)]
    public List<OrderValidation> Validations { get; set; } = [];

    /// <summary>The latest payment of the order; null until one arrives.</summary>
    [Id(5)]
    public Payment? Payment { get; set; }

    /// <summary>Where the payment was read.</summary>
    [Id(6)]
    public KafkaPosition? PaymentPosition { get; set; }

    /// <summary>The state the aggregator republished the order with (VALIDATED or FAILED); null until it decided.</summary>
    [Id(7)]
    public OrderState? Decision { get; set; }

    /// <summary>Applies one order event read from <paramref name="topic"/>/<paramref name="partition"/>.</summary>
    /// <returns>False when the event's offset was applied already, in which case nothing changed.</returns>
    public bool Apply(string topic, int partition, KafkaEvent<Order> @event, string? logId = null)
    {
        if (!Offsets.TryAdvance(topic, partition, @event.Offset, logId, @event.ReplayOf))
        {
            return false;
        }

        // Every event carries the whole order, so the latest one is the order.
        Order = @event.Value;
        AppliedCount++;
        LastApplied = new KafkaPosition(topic, partition, @event.Offset);

        // The order details check needs nothing but the order, so the aggregator runs it on the CREATED order it
        // keeps rather than receive its verdict as a message of its own. The first verdict of a check stands.
        if (@event.Value.State == OrderState.Created && !Validations.Exists(v => v.CheckType == OrderValidationType.OrderDetailsCheck))
        {
            Validations.Add(OrderDetailsRules.Validate(@event.Value));
        }

        return true;
    }

    /// <summary>Applies one verdict read from <paramref name="topic"/>/<paramref name="partition"/>.</summary>
    /// <returns>False when the event's offset was applied already.</returns>
    public bool ApplyValidation(string topic, int partition, KafkaEvent<OrderValidation> @event, string? logId = null)
    {
        // Verdicts are facts, not versions: a replayed one counts (duplicates of a check are ignored below).
        if (!Offsets.TryAdvance(topic, partition, @event.Offset, logId))
        {
            return false;
        }

        // A check that crashed after publishing publishes again: the first verdict per check stands.
        if (!Validations.Exists(v => v.CheckType == @event.Value.CheckType))
        {
            Validations.Add(@event.Value);
        }

        return true;
    }

    /// <summary>Applies a payment read at <paramref name="position"/> of the log <paramref name="logId"/>.</summary>
    /// <remarks>
    /// Payments reach this view through <see cref="Offsets"/> like its own topics: per partition, the highest
    /// offset applied and the log it belongs to. A redelivery is skipped, and so is a payment that arrives
    /// after a later one of the same partition (payments of other IDs are handed over concurrently): the view
    /// keeps the partition's latest payment in log order. A replaced log starts again, as for every topic.
    /// </remarks>
    /// <returns>False when the view applied this position, or a later one of its partition, already.</returns>
    public bool ApplyPayment(KafkaPosition position, Payment payment, string? logId = null)
    {
        ArgumentNullException.ThrowIfNull(position);
        if (!Offsets.TryAdvance(position.Topic, position.Partition, position.Offset, logId))
        {
            return false;
        }

        Payment = payment;
        PaymentPosition = position;
        return true;
    }

    /// <summary>
    /// The state the order should be republished with now: FAILED on any FAIL, VALIDATED on a PASS from every
    /// check; null while undecided, when the order is not (or no longer) CREATED, or when decided before.
    /// ERROR verdicts decide nothing, as in the original example.
    /// </summary>
    public OrderState? PendingDecision()
    {
        if (Decision is not null || Order is not { State: OrderState.Created })
        {
            return null;
        }

        if (Validations.Exists(v => v.ValidationResult == OrderValidationResult.Fail))
        {
            return OrderState.Failed;
        }

        return Validations.Count(v => v.ValidationResult == OrderValidationResult.Pass) == CheckCount
            ? OrderState.Validated
            : null;
    }

    /// <summary>Whether the inventory check passed the order, and so reserved its quantity.</summary>
    public bool PassedInventoryCheck =>
        Validations.Exists(v => v.CheckType == OrderValidationType.InventoryCheck && v.ValidationResult == OrderValidationResult.Pass);

    /// <summary>Whether the view applied <paramref name="position"/> of one of <see cref="ViewWaits.OrderViewTopics"/>.</summary>
    public bool HasApplied(KafkaPosition position) => Offsets.Get(position.Topic, position.Partition) >= position.Offset;

    /// <summary>The view as callers see it, or null when no order event was applied.</summary>
    public OrderSnapshot? ToSnapshot() =>
        Order is { } order && LastApplied is { } lastApplied
            ? new OrderSnapshot(order, AppliedCount, lastApplied, [.. Validations], Payment)
            : null;
}
