namespace ActorViews.Streaming.Kafka;

/// <summary>The state of one topic-partition.</summary>
/// <param name="Topic">The topic.</param>
/// <param name="Partition">The partition.</param>
/// <param name="Owner">The silo whose receiver reads the partition, or null when none does now.</param>
/// <param name="CommittedOffset">The consumer group's committed offset (next offset to deliver), or null when none.</param>
/// <param name="HighWatermark">The offset the next message written to the partition will get.</param>
/// <param name="Lag">Messages written but not yet committed as delivered.</param>
[GenerateSerializer, Immutable]
public sealed record KafkaPartitionStatus(
    [property: Id(0)] string Topic,
    [property: Id(1)] int Partition,
    [property: Id(2)] string? Owner,
    [property: Id(3)] long? CommittedOffset,
    [property: Id(4)] long HighWatermark,
    [property: Id(5)] long Lag);
