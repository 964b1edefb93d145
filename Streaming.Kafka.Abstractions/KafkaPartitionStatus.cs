namespace ActorViews.Streaming.Kafka;

/// <summary>The state of one topic-partition.</summary>
/// <param name="Topic">The topic.</param>
/// <param name="Partition">The partition.</param>
/// <param name="Owner">The silo whose receiver reads the partition, or null when none does now.</param>
/// <param name="CommittedOffset">The consumer group's committed offset (next offset to deliver), or null when none.</param>
/// <param name="HighWatermark">The offset the next message written to the partition will get.</param>
/// <param name="Lag">Messages written but not yet committed as delivered.</param>
/// <param name="Condition">What this silo's reader of the partition is doing; null when this silo does not own it.</param>
/// <param name="ConditionSince">When the partition entered <paramref name="Condition"/>.</param>
/// <param name="ConditionReason">Why, for a condition other than <see cref="PartitionCondition.Reading"/>.</param>
/// <param name="OwnerUnknown">
/// The cluster's owners record did not answer in time, so <paramref name="Owner"/> is null for want of an
/// answer, not because no silo reads the partition.
/// </param>
[GenerateSerializer, Immutable]
public sealed record KafkaPartitionStatus(
    [property: Id(0)] string Topic,
    [property: Id(1)] int Partition,
    [property: Id(2)] string? Owner,
    [property: Id(3)] long? CommittedOffset,
    [property: Id(4)] long HighWatermark,
    [property: Id(5)] long Lag,
    [property: Id(6)] PartitionCondition? Condition = null,
    [property: Id(7)] DateTimeOffset? ConditionSince = null,
    [property: Id(8)] string? ConditionReason = null,
    [property: Id(9)] bool OwnerUnknown = false);
