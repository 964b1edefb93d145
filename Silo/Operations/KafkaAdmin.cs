using ActorViews.Streaming.Kafka;
using Confluent.Kafka;

namespace ActorViews.Silo.Operations;

/// <summary>Kafka clients for operations on the provider's cluster, configured as the provider's own are.</summary>
internal static class KafkaAdmin
{
    /// <summary>An admin client on the provider's cluster.</summary>
    public static IAdminClient Build(KafkaStreamOptions options, string clientId) =>
        new AdminClientBuilder(KafkaClientConfig.ForAdmin(options, clientId)).Build();

    /// <summary>A consumer that only reads assigned partitions: it never joins its group's rebalancing or commits.</summary>
    public static IConsumer<byte[]?, byte[]?> BuildReader(KafkaStreamOptions options, string clientId)
    {
        var config = KafkaClientConfig.ForConsumer(options.BootstrapServers, options.Kafka, clientId, groupId: clientId);
        config.EnablePartitionEof = true;
        return new ConsumerBuilder<byte[]?, byte[]?>(config).Build();
    }
}
