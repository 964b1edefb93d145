using Confluent.Kafka;

namespace ActorViews.Streaming.Kafka.Delivery;

/// <summary>A message read from a partition: its event when it could become one, else why not.</summary>
internal readonly record struct DecodedMessage(
    ConsumeResult<byte[]?, byte[]?> Raw,
    string? Key,
    object? Event,
    string? FailureReason)
{
    public long Offset => Raw.Offset.Value;

    public DateTimeOffset Timestamp => Raw.Message.Timestamp.UtcDateTime;

    /// <summary>For a replayed dead letter, the offset of this partition it was first read at (<see cref="DeadLetterHeaders.ReplayOf"/>).</summary>
    public long? ReplayOf { get; init; }

    /// <summary>The message's position in the batch it was read with, which is how its delivery is recorded.</summary>
    public int Index { get; init; }

    /// <summary>The offset tracker's record of the batch the message was read with.</summary>
    public OffsetTracker.Segment? Segment { get; init; }
}
