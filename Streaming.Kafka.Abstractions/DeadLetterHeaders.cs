namespace ActorViews.Streaming.Kafka;

/// <summary>
/// The headers the provider adds to a message it moves to a dead-letter topic (next to the message's own
/// headers), and the header a replay adds when it writes the message back.
/// </summary>
public static class DeadLetterHeaders
{
    /// <summary>The prefix every dead-letter header starts with; a replay strips these.</summary>
    public const string Prefix = "actorviews.dlq.";

    /// <summary>Why the message could not be applied (UTF-8 text).</summary>
    public const string Reason = Prefix + "reason";

    /// <summary>The topic the message was read from (UTF-8 text).</summary>
    public const string SourceTopic = Prefix + "topic";

    /// <summary>The partition the message was read from (UTF-8 decimal).</summary>
    public const string SourcePartition = Prefix + "partition";

    /// <summary>The offset the message was read from (UTF-8 decimal).</summary>
    public const string SourceOffset = Prefix + "offset";

    /// <summary>
    /// On a dead letter the broker refused whole (larger than its <c>message.max.bytes</c>): the original value's
    /// size in bytes (UTF-8 decimal).
    /// </summary>
    public const string OriginalSize = Prefix + "size";

    /// <summary>
    /// On a dead letter the broker refused whole: how many bytes of the original value it keeps (UTF-8 decimal);
    /// its value is that prefix, so it cannot be replayed, only read.
    /// </summary>
    public const string Truncated = Prefix + "truncated";

    /// <summary>
    /// Added by <c>actorviews replay</c> to a message it writes back: <c>dead-letter-topic/partition/offset</c>
    /// of the dead letter it came from, so a replayed event can be traced.
    /// </summary>
    public const string ReplayedFrom = "actorviews.replayed-from";

    /// <summary>
    /// Added by <c>actorviews replay</c> beside <see cref="ReplayedFrom"/>: <c>topic/partition/offset</c> the
    /// replayed message was first read from. Views skip a replayed event when they applied that offset, or a
    /// later one of the key, already (<see cref="KafkaEvent{TEvent}.ReplayOf"/>).
    /// </summary>
    public const string ReplayOf = "actorviews.replay-of";
}
