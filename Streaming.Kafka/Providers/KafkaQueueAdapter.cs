using Orleans.Streams;

namespace ActorViews.Streaming.Kafka.Providers;

/// <summary>Reads topic-partitions as Orleans queues and writes stream events to their topics as keyed JSON.</summary>
internal sealed class KafkaQueueAdapter(
    string name,
    KafkaTopicCatalog catalog,
    KafkaProducer producer,
    IKafkaEventSerializer serializer,
    KafkaReceiverContext receivers) : IQueueAdapter
{
    public string Name => name;

    // Orleans never rewinds: redelivery after failover comes from the committed offset instead.
    public bool IsRewindable => false;

    public StreamProviderDirection Direction => StreamProviderDirection.ReadWrite;

    public IQueueAdapterReceiver CreateReceiver(QueueId queueId)
    {
        var (topic, partition) = catalog.Resolve(queueId);
        return new KafkaQueueReceiver(queueId, topic, partition, receivers);
    }

    public async Task QueueMessageBatchAsync<T>(StreamId streamId, IEnumerable<T> events, StreamSequenceToken? token, Dictionary<string, object>? requestContext)
    {
        var topic = catalog.GetTopicOfNamespace(streamId.GetNamespace() ?? "");
        var key = streamId.Key.ToArray();
        foreach (var @event in events)
        {
            ArgumentNullException.ThrowIfNull(@event);
            var (value, headers) = KafkaMessageWriter.Write(topic, @event, serializer);
            await producer.ProduceAsync(topic.Name, key, value, headers, CancellationToken.None).ConfigureAwait(false);
        }
    }
}
