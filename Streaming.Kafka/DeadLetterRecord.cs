using System.Text;
using Confluent.Kafka;

namespace ActorViews.Streaming.Kafka;

/// <summary>
/// A message read from a dead-letter topic, with what the provider's <see cref="DeadLetterHeaders"/> say about
/// it: what the status page lists and what <c>actorviews replay</c> writes back.
/// </summary>
public sealed class DeadLetterRecord
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private readonly Message<byte[]?, byte[]?> _message;

    /// <summary>Reads <paramref name="result"/>, a message consumed from a dead-letter topic.</summary>
    public DeadLetterRecord(ConsumeResult<byte[]?, byte[]?> result)
    {
        ArgumentNullException.ThrowIfNull(result);
        _message = result.Message ?? throw new ArgumentException("A dead letter is a message, not a partition's end.", nameof(result));
        TopicPartitionOffset = result.TopicPartitionOffset;
        Reason = Header(DeadLetterHeaders.Reason);
        SourceTopic = Header(DeadLetterHeaders.SourceTopic) is { Length: > 0 } topic ? topic : null;
        SourcePartition = Header(DeadLetterHeaders.SourcePartition);
        SourceOffset = Header(DeadLetterHeaders.SourceOffset);
        TruncatedTo = Header(DeadLetterHeaders.Truncated);
    }

    /// <summary>Where it sits in the dead-letter topic.</summary>
    public TopicPartitionOffset TopicPartitionOffset { get; }

    /// <summary>Where it sits in the dead-letter topic, as people read it: <c>topic/partition/offset</c>.</summary>
    public string Position => $"{TopicPartitionOffset.Topic}/{TopicPartitionOffset.Partition.Value}/{TopicPartitionOffset.Offset.Value}";

    /// <summary>When it was dead-lettered (the dead-letter message's timestamp).</summary>
    public DateTimeOffset Timestamp => _message.Timestamp.UtcDateTime;

    /// <summary>The key as UTF-8 text, or <c>0x</c> and hex when it is not text; null when the message has none.</summary>
    public string? Key => _message.Key is { } key ? TryText(key) ?? "0x" + Convert.ToHexString(key) : null;

    /// <summary>Why it could not be applied; null when the header is missing.</summary>
    public string? Reason { get; }

    /// <summary>The topic it was read from when it was dead-lettered; null when the header is missing or empty.</summary>
    public string? SourceTopic { get; }

    /// <summary>The partition it was read from, as the header has it; null when missing.</summary>
    public string? SourcePartition { get; }

    /// <summary>The offset it was read from, as the header has it; null when missing.</summary>
    public string? SourceOffset { get; }

    /// <summary>
    /// How many bytes of the original value it keeps, as the header has it, when the broker refused it whole and
    /// the provider cut its value to fit; null for a whole dead letter.
    /// </summary>
    public string? TruncatedTo { get; }

    /// <summary>
    /// The message as it was before it was dead-lettered (key, value and its own headers) plus a
    /// <see cref="DeadLetterHeaders.ReplayedFrom"/> header naming this dead letter and, when its source is known, a
    /// <see cref="DeadLetterHeaders.ReplayOf"/> header naming where it was first read, so that views which keep only
    /// a key's newest version skip a replay they already passed; the dead-letter headers and any earlier replay's
    /// marks are left out.
    /// </summary>
    public Message<byte[]?, byte[]?> ToReplay()
    {
        var headers = new Headers();
        foreach (var header in _message.Headers ?? [])
        {
            if (!header.Key.StartsWith(DeadLetterHeaders.Prefix, StringComparison.Ordinal) && header.Key is not (DeadLetterHeaders.ReplayedFrom or DeadLetterHeaders.ReplayOf))
            {
                headers.Add(header.Key, header.GetValueBytes());
            }
        }

        headers.Add(DeadLetterHeaders.ReplayedFrom, Encoding.UTF8.GetBytes(Position));
        if (SourceTopic is not null && SourcePartition is not null && SourceOffset is not null)
        {
            headers.Add(DeadLetterHeaders.ReplayOf, Encoding.UTF8.GetBytes($"{SourceTopic}/{SourcePartition}/{SourceOffset}"));
        }

        return new Message<byte[]?, byte[]?>
        {
            Key = _message.Key,
            Value = _message.Value,
            Headers = headers,
        };
    }

    private string? Header(string key) =>
        _message.Headers is { } headers && headers.TryGetLastBytes(key, out var bytes) ? Encoding.UTF8.GetString(bytes) : null;

    private static string? TryText(byte[] bytes)
    {
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }
}
