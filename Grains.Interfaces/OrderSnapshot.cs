using ActorViews.Streaming.Kafka;

namespace ActorViews.Grains;

/// <summary>An order as its view shows it now, and how far the view has read.</summary>
/// <param name="Order">The order as of the last applied order event; its state is the order's current state.</param>
/// <param name="AppliedEvents">How many distinct order events the view applied (redeliveries are not counted).</param>
/// <param name="LastApplied">Where the last applied order event was read.</param>
/// <param name="Validations">The checks' verdicts, the first of each check type.</param>
/// <param name="Payment">The order's payment, or null when none arrived.</param>
[GenerateSerializer, Immutable]
public sealed record OrderSnapshot(
    [property: Id(0)] Order Order,
    [property: Id(1)] long AppliedEvents,
    [property: Id(2)] KafkaPosition LastApplied,
    [property: Id(3)] IReadOnlyList<OrderValidation> Validations,
    [property: Id(4)] Payment? Payment);
