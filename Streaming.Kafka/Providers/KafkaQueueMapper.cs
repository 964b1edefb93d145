using Orleans.Streams;

namespace ActorViews.Streaming.Kafka.Providers;

/// <summary>Tells Orleans which queue (topic-partition) a stream lives in and which queues a ring range owns.</summary>
internal sealed class KafkaQueueMapper(KafkaTopicCatalog catalog) : IConsistentRingStreamQueueMapper
{
    public IEnumerable<QueueId> GetAllQueues() => catalog.Queues;

    public QueueId GetQueueForStream(StreamId streamId) => catalog.GetQueueForStream(streamId);

    public IEnumerable<QueueId> GetQueuesForRange(IRingRange range) =>
        catalog.Queues.Where(q => range.InRange(q.GetUniformHashCode()));
}
