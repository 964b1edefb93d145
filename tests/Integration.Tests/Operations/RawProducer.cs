using Confluent.Kafka;

namespace ActorViews.Integration.Tests.Operations;

/// <summary>Writes arbitrary text, as a producer that does not know the topic's format would.</summary>
internal static class RawProducer
{
    public static async Task<TopicPartitionOffset> ProduceAsync(string bootstrapServers, string topic, string key, string value)
    {
        var config = new ProducerConfig { BootstrapServers = bootstrapServers, Partitioner = Partitioner.Murmur2Random, MessageTimeoutMs = 30_000 };
        using var producer = new ProducerBuilder<string, string>(config).Build();
        var result = await producer.ProduceAsync(topic, new Message<string, string> { Key = key, Value = value });
        return result.TopicPartitionOffset;
    }
}
