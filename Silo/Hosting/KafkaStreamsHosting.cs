using ActorViews.Grains;
using ActorViews.Streaming.Kafka;

namespace ActorViews.Silo.Hosting;

/// <summary>The Kafka stream provider feeding the orders ecosystem's services and views.</summary>
internal static class KafkaStreamsHosting
{
    /// <summary>
    /// Adds the <c>kafka</c> provider on <paramref name="kafka"/> with the ecosystem's topics, each of
    /// <c>Kafka:Topics:{name}:Partitions</c> partitions (default 8), feeding their view grains.
    /// <c>Kafka:ConsumerGroupId</c> overrides the consumer group and every key of <c>Kafka:Settings</c> is
    /// passed to librdkafka as is (SASL, SSL, ...).
    /// </summary>
    public static ISiloBuilder AddOrderStreams(this ISiloBuilder silo, IConfiguration configuration, KafkaConnection kafka)
    {
        // Read now, so that a bad partition count fails start-up naming the setting.
        var partitions = Topics.All.ToDictionary(topic => topic, configuration.GetTopicPartitions);
        return silo.AddKafkaStreams(SiloNames.KafkaProvider, options =>
        {
            options.BootstrapServers = kafka.BootstrapServers;
            if (configuration["Kafka:ConsumerGroupId"] is { Length: > 0 } groupId)
            {
                options.ConsumerGroupId = groupId;
            }

            foreach (var (key, value) in kafka.Settings)
            {
                options.Kafka[key] = value;
            }

            foreach (var setting in configuration.GetSection("Kafka:Settings").GetChildren())
            {
                if (setting.Value is { } value)
                {
                    options.Kafka[setting.Key] = value;
                }
            }

            options.AddTopic<Order>(Topics.Orders, partitions[Topics.Orders])
                .WithView<IOrderView>()
                .WithView<IOrderDetailsCheck>()
                .WithView<IOrderRouter>();
            options.AddTopic<OrderValidation>(Topics.OrderValidations, partitions[Topics.OrderValidations])
                .WithView<IOrderValidationsFeed>();
            options.AddTopic<Payment>(Topics.Payments, partitions[Topics.Payments]).WithView<IPaymentFeed>();
            options.AddTopic<Customer>(Topics.Customers, partitions[Topics.Customers]).WithView<ICustomerView>();
            options.AddTopic<Inventory>(Topics.WarehouseInventory, partitions[Topics.WarehouseInventory]).WithView<IInventoryView>();
        });
    }
}
