using ActorViews.EmbeddedKafka;
using ActorViews.Streaming.Kafka.Delivery;
using ActorViews.Streaming.Kafka.Providers;
using ActorViews.Streaming.Kafka.Tests.Support;
using ActorViews.Tests.Shared;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Orleans.Streams;

namespace ActorViews.Streaming.Kafka.Tests.Providers;

/// <summary>The operator's line when one event holds a partition's commit back, against the embedded broker.</summary>
public sealed class HeldCommitLoggingTests : IDisposable
{
    private const string Topic = "readings";
    private const int HeldBackEventId = 1110;
    private const int ReleasedEventId = 1111;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly EmbeddedKafkaBroker _broker = EmbeddedKafkaBroker.Start();
    private readonly CapturingLoggerProvider _logs = new();
    private readonly ILoggerFactory _loggerFactory;
    private readonly KafkaStreamOptions _options;
    private readonly KafkaProducer _producer;

    public HeldCommitLoggingTests()
    {
        _broker.CreateTopic(Topic, 1);
        _broker.CreateTopic(Topic + ".dlq", 1);
        _options = new KafkaStreamOptions
        {
            BootstrapServers = _broker.BootstrapServers,
            ConsumerGroupId = "held-commit-tests",
            CommitInterval = TimeSpan.FromMilliseconds(50),
        };
        _options.AddTopic<Reading>(Topic, 1);
        _producer = new KafkaProducer(_options, "test");
        _loggerFactory = LoggerFactory.Create(logging => logging.AddProvider(_logs).SetMinimumLevel(LogLevel.Trace));
    }

    [Fact]
    public async Task An_event_in_flight_past_the_threshold_logs_one_warning_naming_it_and_one_line_when_it_is_delivered()
    {
        using (var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = _broker.BootstrapServers }).Build())
        {
            for (var seq = 0; seq < 5; seq++)
            {
                await producer.ProduceAsync(Topic, new Message<string, string> { Key = $"sensor-{seq}", Value = $"{{\"key\":\"sensor-{seq}\",\"seq\":{seq}}}" });
            }
        }

        var receiver = CreateReceiver();
        await receiver.Initialize(Timeout);
        var received = new List<IBatchContainer>();
        await Deadline.Until(
            async () =>
            {
                received.AddRange(await receiver.GetQueueMessagesAsync(100, CancellationToken.None));
                return received.Count == 5;
            },
            Timeout,
            "the receiver to hand out the 5 messages");

        // The consumer finishes all but offset 2: the commit stops there.
        await receiver.MessagesDeliveredAsync([.. received.Where(r => r.SequenceToken.SequenceNumber != 2)], CancellationToken.None);
        await Deadline.Until(() => _logs.Logs.Any(l => l.EventId.Id == HeldBackEventId), Timeout, "a warning that offset 2 holds the commit of readings-0 back");

        var warning = Assert.Single(_logs.Logs, l => l.EventId.Id == HeldBackEventId);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("readings-0", warning.Message, StringComparison.Ordinal);
        Assert.Contains("held back at 2", warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_logs.Logs, l => l.EventId.Id == ReleasedEventId);
        await Deadline.Until(() => CommittedOffset() == 2, Timeout, "the commit of readings-0 at offset 2, held there");

        await receiver.MessagesDeliveredAsync([.. received.Where(r => r.SequenceToken.SequenceNumber == 2)], CancellationToken.None);
        await Deadline.Until(() => _logs.Logs.Any(l => l.EventId.Id == ReleasedEventId), Timeout, "an Information line that the commit of readings-0 moves past 2 again");
        await receiver.Shutdown(Timeout);

        var released = Assert.Single(_logs.Logs, l => l.EventId.Id == ReleasedEventId);
        Assert.Equal(LogLevel.Information, released.Level);
        Assert.Contains("readings-0 moves past 2", released.Message, StringComparison.Ordinal);
        // Held for many commit ticks, reported once.
        Assert.Single(_logs.Logs, l => l.EventId.Id == HeldBackEventId);
        Assert.Equal(5, CommittedOffset());
    }

    public void Dispose()
    {
        _loggerFactory.Dispose();
        _producer.Dispose();
        _broker.Dispose();
    }

    // Outside a silo: no grains (the topic is delivered to streams), no ownership record.
    private KafkaQueueReceiver CreateReceiver()
    {
        var catalog = new KafkaTopicCatalog(_options);
        var context = new KafkaReceiverContext(
            "test",
            _options,
            new JsonEventSerializer(),
            GrainFactory: null!,
            _producer,
            new DeadLetterWriter(_producer, TimeSpan.FromMilliseconds(100)),
            Ownership: null,
            Registry: null,
            _loggerFactory.CreateLogger<KafkaQueueReceiver>());
        return new KafkaQueueReceiver(catalog.GetQueue(Topic, 0), catalog.GetTopic(Topic), 0, context);
    }

    private long CommittedOffset()
    {
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig { BootstrapServers = _broker.BootstrapServers, GroupId = _options.ConsumerGroupId }).Build();
        return consumer.Committed([new TopicPartition(Topic, 0)], Timeout).Single().Offset.Value;
    }
}
