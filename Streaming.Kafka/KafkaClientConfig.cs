using Confluent.Kafka;

namespace ActorViews.Streaming.Kafka;

/// <summary>
/// The configuration of every Kafka client ActorViews makes: the provider's, the silo's operations' and the
/// CLI's. Each is built in three layers: our defaults, then the pass-through librdkafka settings (security,
/// timeouts, tuning), which win over the defaults, then what the caller's correctness rests on (the consumer
/// group, offsets that move only when the caller commits), which no setting overrides.
/// </summary>
public static class KafkaClientConfig
{
    // A broker that vanishes without closing its connections (host down, network cut) leaves requests
    // unanswered until socket.timeout.ms: librdkafka's 60 s kept ingest stalled for up to a minute after such
    // a broker was back (measured in the broker-outage test); 10 s bounds that, far above a healthy round trip.
    private const int SocketTimeoutMs = 10_000;

    /// <summary>
    /// How long a producer waits to fill a batch (<c>linger.ms</c>) unless <c>Kafka:Settings</c> says otherwise:
    /// librdkafka's and Java's default, which each hop of a workflow through the log adds to its latency.
    /// </summary>
    public const int DefaultLingerMs = 5;

    /// <summary>A producer of the provider's cluster, with its pass-through settings.</summary>
    public static ProducerConfig ForProducer(KafkaStreamOptions options, string clientId)
    {
        ArgumentNullException.ThrowIfNull(options);
        return ForProducer(options.BootstrapServers, options.Kafka, clientId);
    }

    /// <summary>A consumer in the provider's consumer group, with its pass-through settings.</summary>
    public static ConsumerConfig ForConsumer(KafkaStreamOptions options, string clientId)
    {
        ArgumentNullException.ThrowIfNull(options);
        return ForConsumer(options.BootstrapServers, options.Kafka, clientId, options.ConsumerGroupId);
    }

    /// <summary>An admin client of the provider's cluster, with its pass-through settings.</summary>
    public static AdminClientConfig ForAdmin(KafkaStreamOptions options, string clientId)
    {
        ArgumentNullException.ThrowIfNull(options);
        return ForAdmin(options.BootstrapServers, options.Kafka, clientId);
    }

    /// <summary>
    /// A producer that partitions keys as every Kafka client does (murmur2), waits for all in-sync replicas,
    /// writes each message once and in order, and compresses with LZ4.
    /// </summary>
    /// <param name="bootstrapServers">The brokers.</param>
    /// <param name="settings">librdkafka settings passed as they are; they win over these defaults.</param>
    /// <param name="clientId">The client's name in the broker's logs and metrics.</param>
    public static ProducerConfig ForProducer(string bootstrapServers, IEnumerable<KeyValuePair<string, string>> settings, string clientId)
    {
        var config = new ProducerConfig
        {
            BootstrapServers = bootstrapServers,
            ClientId = clientId,
            // Java's partitioner, so a key maps to the same partition whoever writes it.
            Partitioner = Partitioner.Murmur2Random,
            CompressionType = CompressionType.Lz4,
            Acks = Acks.All,
            // Without it a retried batch can be written twice or land after a later one; views apply a key's
            // events in log order and dedupe by offset, so neither may happen.
            EnableIdempotence = true,
            LingerMs = DefaultLingerMs,
            SocketTimeoutMs = SocketTimeoutMs,
        };
        return PassThrough(config, settings);
    }

    /// <summary>
    /// A consumer of <paramref name="groupId"/> whose offsets move only when the caller commits, reading
    /// committed data from the earliest offset kept when the group has none.
    /// </summary>
    /// <param name="bootstrapServers">The brokers.</param>
    /// <param name="settings">librdkafka settings passed as they are; they win over the defaults, not over the group and offset rules.</param>
    /// <param name="clientId">The client's name in the broker's logs and metrics.</param>
    /// <param name="groupId">The consumer group whose committed offsets the consumer reads and writes.</param>
    public static ConsumerConfig ForConsumer(string bootstrapServers, IEnumerable<KeyValuePair<string, string>> settings, string clientId, string groupId)
    {
        var config = PassThrough(
            new ConsumerConfig
            {
                BootstrapServers = bootstrapServers,
                ClientId = clientId,
                AutoOffsetReset = AutoOffsetReset.Earliest,
                EnablePartitionEof = false,
                IsolationLevel = IsolationLevel.ReadCommitted,
                // Each partition has its own consumer and the engine reads ahead itself: a small prefetch per
                // consumer keeps a silo's native memory bounded (librdkafka's default is 64 MiB each).
                QueuedMaxMessagesKbytes = 8 * 1024,
                QueuedMinMessages = 10_000,
                SocketTimeoutMs = SocketTimeoutMs,
            },
            settings);

        // Offsets move only by the caller's commit rule, never by a timer.
        config.GroupId = groupId;
        config.EnableAutoCommit = false;
        config.EnableAutoOffsetStore = false;
        return config;
    }

    /// <summary>An admin client (metadata, offsets, topics).</summary>
    /// <param name="bootstrapServers">The brokers.</param>
    /// <param name="settings">librdkafka settings passed as they are; they win over the defaults.</param>
    /// <param name="clientId">The client's name in the broker's logs and metrics.</param>
    public static AdminClientConfig ForAdmin(string bootstrapServers, IEnumerable<KeyValuePair<string, string>> settings, string clientId) =>
        PassThrough(new AdminClientConfig { BootstrapServers = bootstrapServers, ClientId = clientId, SocketTimeoutMs = SocketTimeoutMs }, settings);

    private static T PassThrough<T>(T config, IEnumerable<KeyValuePair<string, string>> settings)
        where T : ClientConfig
    {
        ArgumentNullException.ThrowIfNull(settings);
        foreach (var (key, value) in settings)
        {
            config.Set(key, value);
        }

        return config;
    }
}
