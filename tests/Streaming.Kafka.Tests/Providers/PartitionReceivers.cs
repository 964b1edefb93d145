using ActorViews.EmbeddedKafka;
using ActorViews.Streaming.Kafka.Delivery;
using ActorViews.Streaming.Kafka.Providers;
using ActorViews.Tests.Shared;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Orleans.Streams;

namespace ActorViews.Streaming.Kafka.Tests.Providers;

/// <summary>
/// Receivers of one streams-only topic on an embedded broker, as silos run them (no grains, no ownership
/// record), and what a test does around them: produce like any client, receive, read the committed offset.
/// </summary>
public sealed class PartitionReceivers : IDisposable
{
    public const string Topic = "meters";
    public const int Partitions = 2;
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly KafkaProducer _producer;
    private readonly KafkaOwnershipFence _fence;
    private readonly KafkaTopicCatalog _catalog;

    public PartitionReceivers(string group)
    {
        Broker.CreateTopic(Topic, Partitions);
        Broker.CreateTopic(Topic + ".dlq", Partitions);
        Options = new KafkaStreamOptions
        {
            BootstrapServers = Broker.BootstrapServers,
            ConsumerGroupId = group,
            CommitInterval = TimeSpan.FromMilliseconds(100),
            RetryBackoff = TimeSpan.FromMilliseconds(50),
            MaxBatchSize = 16,
        };
        Options.AddTopic<Reading>(Topic, Partitions);
        _producer = new KafkaProducer(Options, "test");
        _fence = new KafkaOwnershipFence(Options, "test");
        _catalog = new KafkaTopicCatalog(Options);
    }

    public EmbeddedKafkaBroker Broker { get; } = EmbeddedKafkaBroker.Start();

    public KafkaStreamOptions Options { get; }

    /// <summary>What the receivers report of their partitions' conditions, as a silo's status and /readyz read it.</summary>
    internal KafkaReceiverRegistry Registry { get; } = new();

    /// <summary>A receiver of <paramref name="partition"/>, as the pulling agent of a silo would create it.</summary>
    internal KafkaQueueReceiver CreateReceiver(int partition, ILogger logger)
    {
        var context = new KafkaReceiverContext(
            "test",
            Options,
            new JsonEventSerializer(),
            GrainFactory: null!,
            _producer,
            new DeadLetterWriter(_producer, Options.RetryBackoff),
            _fence,
            Ownership: null,
            Registry,
            logger);
        return new KafkaQueueReceiver(_catalog.GetQueue(Topic, partition), _catalog.GetTopic(Topic), partition, context);
    }

    /// <summary>Writes <paramref name="count"/> readings of one key that lives in <paramref name="partition"/>.</summary>
    public async Task<List<long>> ProduceAsync(int partition, int count)
    {
        var key = Enumerable.Range(0, 100).Select(i => $"meter-{i}").First(k => KafkaPartitioner.PartitionFor(k, Partitions) == partition);
        using var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = Broker.BootstrapServers, Partitioner = Partitioner.Murmur2 }).Build();
        var offsets = new List<long>();
        for (var seq = 1; seq <= count; seq++)
        {
            var result = await producer.ProduceAsync(Topic, new Message<string, string> { Key = key, Value = $"{{\"key\":\"{key}\",\"seq\":{seq}}}" });
            Assert.Equal(partition, result.Partition.Value);
            offsets.Add(result.Offset.Value);
        }

        return offsets;
    }

    /// <summary>Takes events from <paramref name="receiver"/> until <paramref name="count"/> arrived.</summary>
    internal static async Task<List<KafkaBatchContainer>> ReceiveAsync(IQueueAdapterReceiver receiver, int count)
    {
        var received = new List<KafkaBatchContainer>();
        await Deadline.Until(
            () =>
            {
                received.AddRange(receiver.GetQueueMessagesAsync(100, CancellationToken.None).GetAwaiter().GetResult().Cast<KafkaBatchContainer>());
                return received.Count >= count;
            },
            Timeout,
            () => $"{count} messages from the receiver; got {received.Count}");
        return received;
    }

    /// <summary>The consumer group's committed offset of <paramref name="partition"/>, or -1 when none.</summary>
    public long CommittedOffset(int partition)
    {
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig { BootstrapServers = Broker.BootstrapServers, GroupId = Options.ConsumerGroupId }).Build();
        var offset = consumer.Committed([new TopicPartition(Topic, partition)], Timeout).Single().Offset;
        return offset.IsSpecial ? -1 : offset.Value;
    }

    public void Dispose()
    {
        _fence.Dispose();
        _producer.Dispose();
        Broker.Dispose();
    }
}
