using System.Text;
using ActorViews.Streaming.Kafka;
using Confluent.Kafka;

namespace ActorViews.Client.Commands;

/// <summary>A message read from a dead-letter topic, with what the provider's headers say about it.</summary>
internal sealed class DeadLetter(ConsumeResult<byte[]?, byte[]?> result)
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Where it sits in the dead-letter topic: <c>topic/partition/offset</c>.</summary>
    public string Position { get; } = $"{result.Topic}/{result.Partition.Value}/{result.Offset.Value}";

    public TopicPartitionOffset TopicPartitionOffset => result.TopicPartitionOffset;

    /// <summary>The topic it was read from when it was dead-lettered; null when the header is missing or empty.</summary>
    public string? SourceTopic { get; } = Header(result.Message.Headers, DeadLetterHeaders.SourceTopic) is { Length: > 0 } topic ? topic : null;

    public string? Reason { get; } = Header(result.Message.Headers, DeadLetterHeaders.Reason);

    /// <summary>The key, for people: UTF-8 text, or hex when it is not text.</summary>
    public string DisplayKey => result.Message.Key switch
    {
        null => "(null)",
        var key => TryText(key) ?? "0x" + Convert.ToHexString(key),
    };

    /// <summary>
    /// The message as it was before it was dead-lettered (key, value and its own headers) plus a
    /// header naming this dead letter; the dead-letter headers and any earlier replay's mark are left out.
    /// </summary>
    public Message<byte[]?, byte[]?> ToReplay()
    {
        var headers = new Headers();
        foreach (var header in result.Message.Headers ?? [])
        {
            if (!header.Key.StartsWith(DeadLetterHeaders.Prefix, StringComparison.Ordinal) && header.Key is not (DeadLetterHeaders.ReplayedFrom or DeadLetterHeaders.ReplayOf))
            {
                headers.Add(header.Key, header.GetValueBytes());
            }
        }

        headers.Add(DeadLetterHeaders.ReplayedFrom, Encoding.UTF8.GetBytes(Position));
        if (SourceTopic is not null
            && Header(result.Message.Headers, DeadLetterHeaders.SourcePartition) is { } partition
            && Header(result.Message.Headers, DeadLetterHeaders.SourceOffset) is { } offset)
        {
            headers.Add(DeadLetterHeaders.ReplayOf, Encoding.UTF8.GetBytes($"{SourceTopic}/{partition}/{offset}"));
        }

        return new Message<byte[]?, byte[]?>
        {
            Key = result.Message.Key,
            Value = result.Message.Value,
            Headers = headers,
        };
    }

    private static string? Header(Headers? headers, string key) =>
        headers is not null && headers.TryGetLastBytes(key, out var bytes) ? Encoding.UTF8.GetString(bytes) : null;

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
