using Confluent.Kafka;

namespace ActorViews.Integration.Tests.Ecosystem;

/// <summary>Writes order JSON as any Kafka client could, including what the gateway would refuse, with a chosen message timestamp.</summary>
internal static class RawOrders
{
    public static Task ProduceAsync(string bootstrapServers, string key, string json, DateTimeOffset? timestamp = null) =>
        ProduceToAsync(bootstrapServers, "orders", key, json, timestamp);

    /// <summary>Writes <paramref name="json"/> to <paramref name="topic"/> under <paramref name="key"/>, as any Kafka client could.</summary>
    public static async Task ProduceToAsync(string bootstrapServers, string topic, string key, string json, DateTimeOffset? timestamp = null)
    {
        using var producer = new ProducerBuilder<string, string>(new ProducerConfig
        {
            BootstrapServers = bootstrapServers,
            Partitioner = Partitioner.Murmur2Random,
            MessageTimeoutMs = 30_000,
        }).Build();
        var message = new Message<string, string> { Key = key, Value = json };
        if (timestamp is { } time)
        {
            message.Timestamp = new Timestamp(time.UtcDateTime, TimestampType.CreateTime);
        }

        var result = await producer.ProduceAsync(topic, message);
        Assert.Equal(PersistenceStatus.Persisted, result.Status);
    }
}
