using Confluent.Kafka;

namespace ActorViews.Streaming.Kafka.Delivery;

/// <summary>A Confluent consumer assigned one partition, seen through <see cref="IPartitionConsumer"/>.</summary>
internal sealed class KafkaPartitionConsumer(IConsumer<byte[]?, byte[]?> consumer, TopicPartition partition) : IPartitionConsumer
{
    public ConsumeResult<byte[]?, byte[]?>? Consume(TimeSpan timeout) => consumer.Consume(timeout);

    public long? CachedHighWatermark()
    {
        var high = consumer.GetWatermarkOffsets(partition).High;
        return high == Offset.Unset ? null : high.Value;
    }

    public void Commit(long offset) => consumer.Commit([new TopicPartitionOffset(partition, offset)]);
}
