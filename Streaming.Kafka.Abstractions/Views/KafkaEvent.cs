namespace ActorViews.Streaming.Kafka;

/// <summary>One event read from Kafka, with where it was read.</summary>
/// <typeparam name="TEvent">The event type.</typeparam>
/// <param name="Offset">The message's offset in its partition.</param>
/// <param name="Timestamp">The message timestamp (event time as the producer or broker set it).</param>
/// <param name="Value">The deserialized event.</param>
/// <param name="ReplayOf">
/// For a dead letter written back by <c>actorviews replay</c> into its partition, the offset it was first read
/// at; null otherwise. <see cref="AppliedOffsets"/> skips it when the view applied that offset, or a later one,
/// already: the event is then applied, or superseded by a newer version of the key.
/// </param>
[GenerateSerializer, Immutable]
public sealed record KafkaEvent<TEvent>(
    [property: Id(0)] long Offset,
    [property: Id(1)] DateTimeOffset Timestamp,
    [property: Id(2)] TEvent Value,
    [property: Id(3)] long? ReplayOf = null);
