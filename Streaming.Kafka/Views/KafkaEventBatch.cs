namespace ActorViews.Streaming.Kafka;

/// <summary>Consecutive events of one key from one topic-partition, in offset order.</summary>
/// <typeparam name="TEvent">The event type.</typeparam>
/// <param name="Topic">The topic the events were read from.</param>
/// <param name="Partition">The partition the events were read from.</param>
/// <param name="Events">The events, in ascending offset order.</param>
[GenerateSerializer, Immutable]
public sealed record KafkaEventBatch<TEvent>(
    [property: Id(0)] string Topic,
    [property: Id(1)] int Partition,
    [property: Id(2)] IReadOnlyList<KafkaEvent<TEvent>> Events);
