using System.Diagnostics;
using Confluent.Kafka;

namespace ActorViews.Streaming.Kafka.Tests.EmbeddedKafka;

/// <summary>Plain Confluent clients pointed at a broker, tuned to notice outages and recoveries quickly.</summary>
internal static class KafkaClients
{
    public static IProducer<string, string> Producer(string bootstrapServers, int messageTimeoutMs = 30_000) =>
        new ProducerBuilder<string, string>(new ProducerConfig
        {
            BootstrapServers = bootstrapServers,
            MessageTimeoutMs = messageTimeoutMs,
            ReconnectBackoffMs = 50,
            ReconnectBackoffMaxMs = 250,
        }).Build();

    /// <summary>A consumer with no group membership: partitions are assigned by the test.</summary>
    public static IConsumer<string, string> Consumer(string bootstrapServers) =>
        new ConsumerBuilder<string, string>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = $"test-{Guid.NewGuid():N}",
            EnableAutoCommit = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
        }).Build();

    public static IAdminClient Admin(string bootstrapServers) =>
        new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrapServers }).Build();

    /// <summary>Reads every partition of <paramref name="topic"/> from the beginning until <paramref name="count"/> messages arrived.</summary>
    public static List<ConsumeResult<string, string>> ConsumeFromBeginning(
        string bootstrapServers, string topic, int partitions, int count, TimeSpan timeout)
    {
        using var consumer = Consumer(bootstrapServers);
        consumer.Assign(Enumerable.Range(0, partitions)
            .Select(p => new TopicPartitionOffset(topic, new Partition(p), Offset.Beginning)));

        var results = new List<ConsumeResult<string, string>>();
        var clock = Stopwatch.StartNew();
        while (results.Count < count)
        {
            Assert.True(
                clock.Elapsed < timeout,
                $"Expected {count} messages from '{topic}' within {timeout.TotalSeconds:0.#}s, got {results.Count}.");
            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { IsPartitionEOF: false } result)
            {
                results.Add(result);
            }
        }

        consumer.Close();
        return results;
    }
}
