using ActorViews.Streaming.Kafka;
using Confluent.Kafka;

namespace ActorViews.Silo.Operations;

/// <summary>Kafka clients for operations, configured like the provider's: its brokers and pass-through settings.</summary>
internal static class KafkaAdmin
{
    /// <summary>An admin client on the provider's cluster.</summary>
    public static IAdminClient Build(KafkaStreamOptions options, string clientId) =>
        new AdminClientBuilder(Configure(new AdminClientConfig(), options, clientId)).Build();

    /// <summary>A consumer that only reads assigned partitions: it never joins its group's rebalancing or commits.</summary>
    public static IConsumer<byte[]?, byte[]?> BuildReader(KafkaStreamOptions options, string clientId) =>
        new ConsumerBuilder<byte[]?, byte[]?>(Configure(
            new ConsumerConfig
            {
                GroupId = clientId,
                EnableAutoCommit = false,
                EnableAutoOffsetStore = false,
                EnablePartitionEof = true,
            },
            options,
            clientId)).Build();

    private static T Configure<T>(T config, KafkaStreamOptions options, string clientId)
        where T : ClientConfig
    {
        config.BootstrapServers = options.BootstrapServers;
        config.ClientId = clientId;
        foreach (var (key, value) in options.Kafka)
        {
            config.Set(key, value);
        }

        return config;
    }
}
