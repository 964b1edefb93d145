namespace ActorViews.Streaming.Kafka.Providers;

/// <summary>Publishes events to the provider's topics through its shared producer.</summary>
internal sealed class KafkaPublisher(KafkaTopicCatalog catalog, KafkaProducer producer, IKafkaEventSerializer serializer) : IKafkaPublisher
{
    public Task<KafkaPosition> PublishAsync<TEvent>(string topic, string key, TEvent value, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(value);
        var configured = catalog.GetTopic(topic);
        var (bytes, headers) = KafkaMessageWriter.Write(configured, value, serializer);
        return producer.ProduceAsync(configured.Name, System.Text.Encoding.UTF8.GetBytes(key), bytes, headers, cancellationToken);
    }

    public int PartitionFor(string topic, string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        return KafkaPartitioner.PartitionFor(key, catalog.GetTopic(topic).Partitions);
    }
}
