using System.Globalization;

namespace ActorViews.Streaming.Kafka;

/// <summary>
/// The key of a partition view grain: <c>{topic}/{partition}</c>. The delivery engine calls the partition view
/// of each partition it reads with this key, and a view's <see cref="AppliedOffsets"/> name partitions the same way.
/// </summary>
public static class KafkaPartitionKey
{
    /// <summary>The key of the partition view grain of <paramref name="topic"/>'s <paramref name="partition"/>.</summary>
    public static string Of(string topic, int partition) => string.Create(CultureInfo.InvariantCulture, $"{topic}/{partition}");

    /// <summary>Reads a key made by <see cref="Of"/>; false when <paramref name="key"/> is not one.</summary>
    public static bool TryParse(string? key, out string topic, out int partition)
    {
        topic = "";
        partition = -1;

        // Topic names cannot contain '/', so the last one separates the partition whatever the topic is called.
        var slash = key?.LastIndexOf('/') ?? -1;
        if (slash <= 0
            || !int.TryParse(key.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return false;
        }

        topic = key![..slash];
        partition = number;
        return true;
    }
}
