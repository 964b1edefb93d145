namespace ActorViews.Streaming.Kafka;

/// <summary>One event read from Kafka, with where it was read.</summary>
/// <typeparam name="TEvent">The event type.</typeparam>
/// <param name="Offset">The message's offset in its partition.</param>
/// <param name="Timestamp">The message timestamp (event time as the producer or broker set it).</param>
/// <param name="Value">The deserialized event.</param>
[GenerateSerializer, Immutable]
public sealed record KafkaEvent<TEvent>(
    [property: Id(0)] long Offset,
    [property: Id(1)] DateTimeOffset Timestamp,
    [property: Id(2)] TEvent Value);
