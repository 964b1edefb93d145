using ActorViews.Streaming.Kafka;

namespace ActorViews.Grains;

/// <summary>An order as its view shows it now, and how far the view has read.</summary>
/// <param name="Order">The order as of the last applied event.</param>
/// <param name="AppliedEvents">How many distinct events the view applied (redeliveries are not counted).</param>
/// <param name="LastApplied">Where the last applied event was read.</param>
[GenerateSerializer, Immutable]
public sealed record OrderSnapshot(
    [property: Id(0)] Order Order,
    [property: Id(1)] long AppliedEvents,
    [property: Id(2)] KafkaPosition LastApplied);
