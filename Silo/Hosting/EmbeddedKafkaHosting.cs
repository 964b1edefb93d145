using ActorViews.EmbeddedKafka;

namespace ActorViews.Silo.Hosting;

/// <summary>Chooses the broker: the configured one, or an embedded one in dev mode.</summary>
internal static class EmbeddedKafkaHosting
{
    /// <summary>
    /// Returns the broker named by <c>Kafka:BootstrapServers</c>; when none is configured (dev mode), starts
    /// an in-process broker with the orders topics, to be disposed when the host is.
    /// </summary>
    public static KafkaConnection UseKafkaBroker(this WebApplicationBuilder builder)
    {
        var configured = builder.Configuration["Kafka:BootstrapServers"];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return new KafkaConnection(configured, IsEmbedded: false);
        }

        var partitions = builder.Configuration.GetOrdersPartitions();
        var broker = EmbeddedKafkaBroker.Start();
        broker.CreateTopic(SiloNames.OrdersTopic, partitions);
        broker.CreateTopic(SiloNames.OrdersTopic + ".dlq", partitions);

        // The container disposes the lifetime, and with it the broker, only after the silo and its consumers stopped.
        builder.Services.AddHostedService(sp =>
            new EmbeddedKafkaLifetime(broker, sp.GetRequiredService<ILogger<EmbeddedKafkaLifetime>>()));
        return new KafkaConnection(broker.BootstrapServers, IsEmbedded: true);
    }

    /// <summary>The partition count of the orders topic, <c>Kafka:Topics:orders:Partitions</c> (default 8).</summary>
    public static int GetOrdersPartitions(this IConfiguration configuration)
    {
        var key = $"Kafka:Topics:{SiloNames.OrdersTopic}:Partitions";
        var partitions = configuration.GetValue(key, 8);
        return partitions > 0
            ? partitions
            : throw new InvalidOperationException($"Configuration '{key}' must be a positive partition count; it is {partitions}.");
    }
}
