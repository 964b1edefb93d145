using Confluent.Kafka;

namespace ActorViews.Streaming.Kafka.Status;

/// <summary>
/// The broker's side of the status: offsets of the main group, of each view's group, and the logs' ends. Behind
/// an interface so that a test can show what the embedded broker cannot (a log whose head retention deleted).
/// </summary>
internal interface IStatusOffsetsReader
{
    /// <summary>Every partition's committed offset and watermarks; throws when the broker does not answer within <paramref name="timeout"/> a request.</summary>
    IReadOnlyList<PartitionOffsets> ReadPartitions(IReadOnlyList<TopicPartition> partitions, TimeSpan timeout);

    /// <summary>The positions <paramref name="views"/> have stored for <paramref name="partition"/>; a view without one is absent.</summary>
    IReadOnlyDictionary<string, long> ReadViewPositions(TopicPartition partition, IReadOnlyList<string> views, TimeSpan timeout);
}
