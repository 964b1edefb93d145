namespace ActorViews.Streaming.Kafka;

/// <summary>Consecutive events of one key from one topic-partition, in offset order.</summary>
/// <typeparam name="TEvent">The event type.</typeparam>
/// <param name="Topic">The topic the events were read from.</param>
/// <param name="Partition">The partition the events were read from.</param>
/// <param name="Events">The events, in ascending offset order.</param>
/// <param name="LogId">
/// The identity of the log the offsets belong to: the broker's topic ID, which changes when a topic is deleted
/// and recreated (or an embedded broker restarts), so offsets that start again from 0 are not mistaken for
/// redeliveries. Empty when the broker has no topic IDs (Kafka before 2.8).
/// </param>
[GenerateSerializer, Immutable]
public sealed record KafkaEventBatch<TEvent>(
    [property: Id(0)] string Topic,
    [property: Id(1)] int Partition,
    [property: Id(2)] IReadOnlyList<KafkaEvent<TEvent>> Events,
    [property: Id(3)] string LogId = "");
