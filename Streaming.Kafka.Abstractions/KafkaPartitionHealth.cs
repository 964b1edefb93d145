namespace ActorViews.Streaming.Kafka;

/// <summary>The condition of one partition this silo owns, as its receiver sees it now (no broker call).</summary>
/// <param name="Topic">The topic.</param>
/// <param name="Partition">The partition.</param>
/// <param name="Condition">What the reader is doing.</param>
/// <param name="Since">When the partition entered <paramref name="Condition"/>.</param>
/// <param name="Reason">Why, for a condition other than <see cref="PartitionCondition.Reading"/>.</param>
[GenerateSerializer, Immutable]
public sealed record KafkaPartitionHealth(
    [property: Id(0)] string Topic,
    [property: Id(1)] int Partition,
    [property: Id(2)] PartitionCondition Condition,
    [property: Id(3)] DateTimeOffset Since,
    [property: Id(4)] string? Reason);
