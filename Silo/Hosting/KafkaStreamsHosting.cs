using ActorViews.Grains;
using ActorViews.Streaming.Kafka;

namespace ActorViews.Silo.Hosting;

/// <summary>The Kafka stream provider feeding the views.</summary>
internal static class KafkaStreamsHosting
{
    /// <summary>
    /// Adds the <c>kafka</c> provider on <paramref name="kafka"/> with the orders topic feeding
    /// <see cref="IOrderView"/>. <c>Kafka:ConsumerGroupId</c> overrides the consumer group and every key of
    /// <c>Kafka:Settings</c> is passed to librdkafka as is (SASL, SSL, ...).
    /// </summary>
    public static ISiloBuilder AddOrderStreams(this ISiloBuilder silo, IConfiguration configuration, KafkaConnection kafka)
    {
        var partitions = configuration.GetOrdersPartitions();
        return silo.AddKafkaStreams(SiloNames.KafkaProvider, options =>
        {
            options.BootstrapServers = kafka.BootstrapServers;
            if (configuration["Kafka:ConsumerGroupId"] is { Length: > 0 } groupId)
            {
                options.ConsumerGroupId = groupId;
            }

            foreach (var setting in configuration.GetSection("Kafka:Settings").GetChildren())
            {
                if (setting.Value is { } value)
                {
                    options.Kafka[setting.Key] = value;
                }
            }

            options.AddTopic<Order>(SiloNames.OrdersTopic, partitions).WithView<IOrderView>();
        });
    }
}
