using Confluent.Kafka;

namespace ActorViews.Streaming.Kafka.Providers;

/// <summary>Builds librdkafka configurations from the provider's options; pass-through settings win last.</summary>
internal static class KafkaClientConfig
{
    // A broker that vanishes without closing its connections (host down, network cut) leaves requests
    // unanswered until socket.timeout.ms: librdkafka's 60 s kept ingest stalled for up to a minute after such
    // a broker was back (measured in the broker-outage test); 10 s bounds that, far above a healthy round trip.
    private const int SocketTimeoutMs = 10_000;

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
            SocketTimeoutMs = SocketTimeoutMs,
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
            SocketTimeoutMs = SocketTimeoutMs,
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
