using Confluent.Kafka;

namespace ActorViews.Streaming.Kafka.Providers;

/// <summary>Builds librdkafka configurations from the provider's options; pass-through settings win last.</summary>
internal static class KafkaClientConfig
{
    public static ProducerConfig ForProducer(KafkaStreamOptions options, string clientId)
    {
        var config = new ProducerConfig
        {
            BootstrapServers = options.BootstrapServers,
            ClientId = clientId,
            // Java's partitioner, so a key maps to the same partition whoever writes it.
            Partitioner = Partitioner.Murmur2Random,
            CompressionType = CompressionType.Lz4,
            Acks = Acks.All,
            LingerMs = 5,
        };
        ApplyPassThrough(config, options);
        return config;
    }

    public static ConsumerConfig ForConsumer(KafkaStreamOptions options, string clientId)
    {
        var config = new ConsumerConfig
        {
            BootstrapServers = options.BootstrapServers,
            ClientId = clientId,
            GroupId = options.ConsumerGroupId,
            // Offsets move only by the provider's commit rule, never by a timer.
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnablePartitionEof = false,
            IsolationLevel = IsolationLevel.ReadCommitted,
            // Each partition has its own consumer and the engine reads ahead itself: a small prefetch per
            // consumer keeps a silo's native memory bounded (librdkafka's default is 64 MiB each).
            QueuedMaxMessagesKbytes = 8 * 1024,
            QueuedMinMessages = 10_000,
        };
        ApplyPassThrough(config, options);
        return config;
    }

    private static void ApplyPassThrough(ClientConfig config, KafkaStreamOptions options)
    {
        foreach (var (key, value) in options.Kafka)
        {
            config.Set(key, value);
        }
    }
}
