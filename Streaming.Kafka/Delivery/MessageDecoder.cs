using System.Text;
using ActorViews.Streaming.Kafka.Providers;
using Confluent.Kafka;

namespace ActorViews.Streaming.Kafka.Delivery;

/// <summary>Turns a raw message into an event of its topic, or into the reason it cannot be one.</summary>
internal sealed class MessageDecoder(KafkaTopic topic, IKafkaEventSerializer serializer, int maxMessageBytes)
{
    /// <summary>The header naming an event's type when a topic carries more than one.</summary>
    public const string TypeHeader = "type";

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public DecodedMessage Decode(ConsumeResult<byte[]?, byte[]?> raw)
    {
        var key = raw.Message.Key;
        if (key is null || key.Length == 0)
        {
            return Fail(raw, null, "The message has no key: an event must name its entity.");
        }

        string keyText;
        try
        {
            keyText = StrictUtf8.GetString(key);
        }
        catch (DecoderFallbackException)
        {
            return Fail(raw, null, "The message key is not valid UTF-8.");
        }

        var value = raw.Message.Value;
        if (value is null || value.Length == 0)
        {
            return Fail(raw, keyText, "The message has no value.");
        }

        if (value.Length > maxMessageBytes)
        {
            return Fail(raw, keyText, $"The value is {value.Length} bytes, over the limit of {maxMessageBytes}.");
        }

        var type = topic.EventType;
        if (raw.Message.Headers?.TryGetLastBytes(TypeHeader, out var typeBytes) == true)
        {
            var typeName = Encoding.UTF8.GetString(typeBytes);
            if (!topic.EventTypes.TryGetValue(typeName, out var declared))
            {
                return Fail(raw, keyText, $"The type header '{typeName}' names no event type of topic '{topic.Name}'.");
            }

            type = declared;
        }

        object decoded;
        try
        {
            decoded = serializer.Deserialize(value, type);
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or FormatException or InvalidOperationException or NotSupportedException or ArgumentException)
        {
            return Fail(raw, keyText, $"The value is not a valid {type.Name}: {ex.Message}");
        }

        if (decoded is IKafkaKeyedEvent keyed && !string.Equals(keyed.EntityKey, keyText, StringComparison.Ordinal))
        {
            return Fail(raw, keyText, $"The message key '{Shown(keyText)}' is not the key its {type.Name} names, '{Shown(keyed.EntityKey)}': its view would be one nobody asks.");
        }

        return new DecodedMessage(raw, keyText, decoded, null) { ReplayOf = ReplayOf(raw) };
    }

    // Only a replay into the partition the message came from says anything about what its views applied.
    private static long? ReplayOf(ConsumeResult<byte[]?, byte[]?> raw) =>
        raw.Message.Headers?.TryGetLastBytes(DeadLetterHeaders.ReplayOf, out var bytes) == true
            && Encoding.UTF8.GetString(bytes).Split('/') is [var topic, var partition, var offset]
            && topic == raw.Topic
            && partition == raw.Partition.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)
            && long.TryParse(offset, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var original)
            && original < raw.Offset.Value
                ? original
                : null;

    // A reason is a header an operator reads: a key of kilobytes is shown by its start.
    private static string Shown(string key) => key.Length <= 100 ? key : key[..100] + "...";

    private static DecodedMessage Fail(ConsumeResult<byte[]?, byte[]?> raw, string? key, string reason) => new(raw, key, null, reason);
}
