using Confluent.Kafka;

namespace ActorViews.Streaming.Kafka.Delivery;

/// <summary>A Confluent consumer assigned one partition, seen through <see cref="IPartitionConsumer"/>.</summary>
/// <param name="consumer">The consumer, assigned the partition.</param>
/// <param name="partition">The partition.</param>
/// <param name="owned">Whether disposing this closes and disposes the consumer (a catch-up's); the receiver's own is closed by the receiver.</param>
internal sealed class KafkaPartitionConsumer(IConsumer<byte[]?, byte[]?> consumer, TopicPartition partition, bool owned = false) : IPartitionConsumer, IDisposable
{
    public ConsumeResult<byte[]?, byte[]?>? Consume(TimeSpan timeout) => consumer.Consume(timeout);

    public long? CachedHighWatermark()
    {
        var high = consumer.GetWatermarkOffsets(partition).High;
        return high == Offset.Unset ? null : high.Value;
    }

    public void Commit(long offset) => consumer.Commit([new TopicPartitionOffset(partition, offset)]);

    public void Dispose()
    {
        if (owned)
        {
            consumer.Close();
            consumer.Dispose();
        }
    }
}
