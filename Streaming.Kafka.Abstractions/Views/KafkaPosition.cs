namespace ActorViews.Streaming.Kafka;

/// <summary>A position in the log: an offset within a topic-partition.</summary>
/// <param name="Topic">The topic.</param>
/// <param name="Partition">The partition.</param>
/// <param name="Offset">The offset.</param>
[GenerateSerializer, Immutable]
public sealed record KafkaPosition(
    [property: Id(0)] string Topic,
    [property: Id(1)] int Partition,
    [property: Id(2)] long Offset);
