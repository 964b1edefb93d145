using Confluent.Kafka;

namespace ActorViews.Streaming.Kafka.Delivery;

/// <summary>
/// The one partition's consumer as the delivery engine uses it. Behind this seam the reader and the committer
/// can be fed canned messages and refused commits in tests, without a broker.
/// </summary>
internal interface IPartitionConsumer
{
    /// <summary>The next message, or null when none arrived within <paramref name="timeout"/>.</summary>
    /// <exception cref="ConsumeException">Reading failed; the reader retries.</exception>
    ConsumeResult<byte[]?, byte[]?>? Consume(TimeSpan timeout);

    /// <summary>The high watermark as of the consumer's last fetch (no broker call), or null when not known yet.</summary>
    long? CachedHighWatermark();

    /// <summary>Commits <paramref name="offset"/> as the next offset to deliver.</summary>
    /// <exception cref="KafkaException">The commit failed; the committer retries on its next tick.</exception>
    void Commit(long offset);
}
