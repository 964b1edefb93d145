namespace ActorViews.Streaming.Kafka.Status;

/// <summary>What the broker says of one partition: the main group's committed offset and the log's ends.</summary>
/// <param name="Topic">The topic.</param>
/// <param name="Partition">The partition.</param>
/// <param name="Committed">The main group's committed offset, or null when it has none.</param>
/// <param name="FirstOffset">The log's first offset (low watermark): above 0 once retention deleted its head.</param>
/// <param name="HighWatermark">The offset the next message written will get.</param>
internal sealed record PartitionOffsets(string Topic, int Partition, long? Committed, long FirstOffset, long HighWatermark)
{
    /// <summary>Messages written but not committed; before the group's first commit, counted from the log's start.</summary>
    public long Lag => Math.Max(0, HighWatermark - (Committed ?? FirstOffset));
}
