using Orleans.Placement;

namespace ActorViews.Streaming.Kafka;

/// <summary>
/// Activates the grain on the silo that reads its key's partition of <c>topic</c>: the message key's partition
/// (Kafka's murmur2, as <c>KafkaPartitioner</c>), or for a partition view's key (<see cref="KafkaPartitionKey"/>)
/// the partition it names. Where the owner is unknown or cannot host the grain, Orleans' default placement applies.
/// </summary>
/// <param name="topic">The topic the grain is a view of, as configured on the Kafka stream provider.</param>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class KafkaPartitionPlacementAttribute(string topic)
    : PlacementAttribute(new KafkaPartitionPlacement { Topic = topic })
{
    /// <summary>The topic the grain is placed by.</summary>
    public string Topic { get; } = topic;
}
