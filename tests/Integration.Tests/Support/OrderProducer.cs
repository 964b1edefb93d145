using System.Text.Json;
using ActorViews.Grains;
using Confluent.Kafka;

namespace ActorViews.Integration.Tests.Support;

/// <summary>Writes orders the way any Kafka client would: a plain Confluent producer, key = ID, JSON value.</summary>
internal static class OrderProducer
{
    /// <summary>Writes <paramref name="order"/> to <paramref name="topic"/> and waits for the broker's acknowledgement.</summary>
    public static async Task<TopicPartitionOffset> ProduceAsync(string bootstrapServers, string topic, Order order)
    {
        var config = new ProducerConfig
        {
            BootstrapServers = bootstrapServers,
            // The partitioner of the Java client, which the provider and every other producer agree on.
            Partitioner = Partitioner.Murmur2Random,
            MessageTimeoutMs = 30_000,
        };
        using var producer = new ProducerBuilder<string, string>(config).Build();
        var result = await producer.ProduceAsync(topic, new Message<string, string>
        {
            Key = order.Id,
            Value = JsonSerializer.Serialize(order),
        });
        return result.TopicPartitionOffset;
    }
}
