using ActorViews.EmbeddedKafka;
using ActorViews.Streaming.Kafka.Delivery;
using ActorViews.Streaming.Kafka.Providers;
using ActorViews.Streaming.Kafka.Tests.Providers;
using ActorViews.Tests.Shared;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace ActorViews.Streaming.Kafka.Tests.Delivery;

/// <summary>A partition whose offsets go back under a running delivery engine, as when its log is replaced.</summary>
public sealed class PartitionPumpLogResetTests : IDisposable
{
    private const string Topic = "rewound";
    private const int Messages = 12;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly EmbeddedKafkaBroker _broker = EmbeddedKafkaBroker.Start();
    private readonly KafkaStreamOptions _options;
    private readonly KafkaProducer _producer;
    private readonly RecordedLogs _logs = new();

    public PartitionPumpLogResetTests()
    {
        _broker.CreateTopic(Topic, 1);
        _broker.CreateTopic(Topic + ".dlq", 1);
        _options = new KafkaStreamOptions
        {
            BootstrapServers = _broker.BootstrapServers,
            ConsumerGroupId = "rewind-tests",
            CommitInterval = TimeSpan.FromMilliseconds(100),
            RetryBackoff = TimeSpan.FromMilliseconds(20),
            MaxBatchSize = 5,
        };
        _options.AddTopic<Reading>(Topic, 1);
        _producer = new KafkaProducer(_options, "test");
    }

    [Fact]
    public async Task Offsets_going_back_are_a_log_reset_that_is_logged_counted_and_read_on_with_the_new_logs_identity()
    {
        using var resets = new ProviderCounter("actorviews.kafka.log_resets", Topic, ("actorviews.log_reset.cause", "offset_went_back"));
        using (var raw = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = _broker.BootstrapServers }).Build())
        {
            for (var seq = 0; seq < Messages; seq++)
            {
                await raw.ProduceAsync(Topic, new Message<string, string> { Key = "k", Value = $"{{\"key\":\"k\",\"seq\":{seq}}}" });
            }
        }

        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(KafkaClientConfig.ForConsumer(_options, "rewind-test")).Build();
        var partition = new TopicPartition(Topic, 0);
        consumer.Assign(new TopicPartitionOffset(partition, 0));
        var catalog = new KafkaTopicCatalog(_options);
        var pump = new PartitionPump(catalog.GetTopic(Topic), 0, _options, consumer, new JsonEventSerializer(), null!, new DeadLetterWriter(_producer, TimeSpan.FromMilliseconds(100)), _logs)
        {
            ReadLogId = () => Task.FromResult("log-b"),
        };
        await using (pump)
        {
            pump.Start(0, "log-a");
            var first = await ReceiveAllAsync(pump);
            await Deadline.Until(() => pump.CommittedOffset == Messages, Timeout, $"the commit to reach {Messages} in the first log");

            // What the reader sees when the log is replaced under it: librdkafka reads again from offset 0.
            consumer.Seek(new TopicPartitionOffset(partition, 0));
            var second = await ReceiveAllAsync(pump);
            await Deadline.Until(() => pump.CommittedOffset == Messages, Timeout, $"the commit to reach {Messages} in the new log");

            Assert.Equal(Enumerable.Range(0, Messages).Select(i => (long)i), first);
            Assert.Equal(first, second);
        }

        var warning = Assert.Single(_logs.WithEventId(1402));
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains($"Log reset on {Topic}-0: offset 0 was read after offset {Messages - 1} of the log log-a; reading on in the new log log-b", warning.Message, StringComparison.Ordinal);
        Assert.Equal(1, resets.Count);
        Assert.DoesNotContain(_logs.Entries, e => e.Level >= LogLevel.Error);
    }

    public void Dispose()
    {
        _producer.Dispose();
        _broker.Dispose();
    }

    // Takes the pump's stream events and reports them delivered, as Orleans' pulling agent does.
    private static async Task<List<long>> ReceiveAllAsync(PartitionPump pump)
    {
        var offsets = new List<long>();
        await Deadline.Until(
            () =>
            {
                var items = pump.TakeStreamItems(100);
                pump.MarkStreamItemsDelivered(items);
                offsets.AddRange(items.Cast<KafkaBatchContainer>().Select(c => c.Token.SequenceNumber));
                return offsets.Count >= Messages;
            },
            Timeout,
            $"{Messages} events from the pump");
        return offsets;
    }
}
