using System.Text;
using ActorViews.EmbeddedKafka;
using ActorViews.Streaming.Kafka.Delivery;
using ActorViews.Streaming.Kafka.Providers;
using ActorViews.Tests.Shared;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Orleans.Streams;

namespace ActorViews.Streaming.Kafka.Tests.Providers;

/// <summary>The receiver of one partition against the embedded broker over TCP: order, commit rule, resume, log resets.</summary>
public sealed class KafkaQueueReceiverTests : IDisposable
{
    private const string Topic = "readings";
    private const int RewindMessages = 12;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly EmbeddedKafkaBroker _broker = EmbeddedKafkaBroker.Start();
    private readonly KafkaStreamOptions _options;
    private readonly KafkaProducer _producer;
    private readonly KafkaOwnershipFence _fence;
    private readonly RecordedLogs _logs = new();
    private readonly DeadLetterWriter _deadLetters;

    public KafkaQueueReceiverTests()
    {
        _broker.CreateTopic(Topic, 2);
        _broker.CreateTopic(Topic + ".dlq", 2);
        _options = new KafkaStreamOptions
        {
            BootstrapServers = _broker.BootstrapServers,
            ConsumerGroupId = "receiver-tests",
            CommitInterval = TimeSpan.FromMilliseconds(100),
            MaxBatchSize = 16,
        };
        _options.AddTopic<Reading>(Topic, 2);
        _producer = new KafkaProducer(_options, "test");
        _fence = new KafkaOwnershipFence(_options, "test");
        _deadLetters = DeadLetterWriter.Create(_options, "test", _logs);
    }

    [Fact]
    public async Task Yields_a_partitions_messages_in_offset_order_from_an_external_producer()
    {
        var written = await ProduceAsync(count: 200);
        var partition0 = written.Where(w => w.Partition == 0).ToList();

        var receiver = CreateReceiver(partition: 0);
        await receiver.Initialize(Timeout);
        var received = await ReceiveAsync(receiver, partition0.Count);
        await receiver.Shutdown(Timeout);

        Assert.Equal(partition0.Select(w => w.Offset), received.Select(r => r.Token.SequenceNumber));
        Assert.Equal(partition0.Select(w => w.Key), received.Select(r => r.StreamId.GetKeyAsString()));
        Assert.All(received, r => Assert.Equal(Topic, r.StreamId.GetNamespace()));
        Assert.Equal(partition0.Select(w => w.Seq), received.Select(r => ((Reading)r.Event).Seq));
    }

    [Fact]
    public async Task A_message_not_yet_delivered_holds_the_commit_back_and_a_restart_resumes_there()
    {
        var written = await ProduceAsync(count: 60);
        var partition1 = written.Where(w => w.Partition == 1).ToList();
        Assert.True(partition1.Count > 10, "the test needs a partition with more than 10 messages");

        var receiver = CreateReceiver(partition: 1);
        await receiver.Initialize(Timeout);
        var received = await ReceiveAsync(receiver, partition1.Count);

        // Everything but the 6th message is delivered: the commit may pass the first five only.
        const int gap = 5;
        await receiver.MessagesDeliveredAsync([.. received.Where((_, i) => i != gap)], CancellationToken.None);
        await receiver.Shutdown(Timeout);

        Assert.Equal(partition1[gap].Offset, CommittedOffset(1));

        var restarted = CreateReceiver(partition: 1);
        await restarted.Initialize(Timeout);
        var redelivered = await ReceiveAsync(restarted, partition1.Count - gap);
        await restarted.MessagesDeliveredAsync([.. redelivered], CancellationToken.None);
        await restarted.Shutdown(Timeout);

        Assert.Equal(partition1.Skip(gap).Select(w => w.Offset), redelivered.Select(r => r.Token.SequenceNumber));
        Assert.Equal(partition1[^1].Offset + 1, CommittedOffset(1));
    }

    [Fact]
    public async Task A_malformed_message_is_dead_lettered_with_its_reason_and_the_partition_flows_on()
    {
        var key = KeyOfPartition(0);
        using (var raw = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = _broker.BootstrapServers, Partitioner = Partitioner.Murmur2 }).Build())
        {
            await raw.ProduceAsync(Topic, new Message<string, string> { Key = key, Value = "{\"key\":" });
            await raw.ProduceAsync(Topic, new Message<string, string> { Key = key, Value = $"{{\"key\":\"{key}\",\"seq\":2}}" });
        }

        var receiver = CreateReceiver(partition: 0);
        await receiver.Initialize(Timeout);
        var received = await ReceiveAsync(receiver, 1);
        await receiver.MessagesDeliveredAsync([.. received], CancellationToken.None);
        await Deadline.Until(() => CommittedOffset(0) == 2, Timeout, "the commit to pass both the dead-lettered and the delivered message");
        await receiver.Shutdown(Timeout);

        Assert.Equal(2, ((Reading)received.Single().Event).Seq);
        var dead = ConsumeOne(Topic + ".dlq");
        Assert.Equal("{\"key\":", dead.Message.Value);
        Assert.Equal(key, dead.Message.Key);
        Assert.Contains("not a valid Reading", Header(dead, DeadLetterHeaders.Reason), StringComparison.Ordinal);
        Assert.Equal(Topic, Header(dead, DeadLetterHeaders.SourceTopic));
        Assert.Equal("0", Header(dead, DeadLetterHeaders.SourcePartition));
        Assert.Equal("0", Header(dead, DeadLetterHeaders.SourceOffset));
    }

    [Fact]
    public async Task A_committed_offset_beyond_the_logs_end_is_a_log_reset_and_reading_starts_at_the_log_start()
    {
        using var resets = new ProviderCounter("actorviews.kafka.log_resets", Topic, ("actorviews.log_reset.cause", "committed_offset_beyond_end"));

        // The consumer group remembers offset 50 of a log that now holds only a few messages (a recreated topic).
        using (var consumer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig { BootstrapServers = _broker.BootstrapServers, GroupId = _options.ConsumerGroupId }).Build())
        {
            consumer.Commit([new TopicPartitionOffset(Topic, 0, 50)]);
        }

        var written = (await ProduceAsync(count: 30)).Where(w => w.Partition == 0).ToList();

        var receiver = CreateReceiver(partition: 0);
        await receiver.Initialize(Timeout);
        var received = await ReceiveAsync(receiver, written.Count);
        await receiver.Shutdown(Timeout);

        Assert.Equal(written.Select(w => w.Offset), received.Select(r => r.Token.SequenceNumber));
        var warning = Assert.Single(_logs.WithEventId(1401));
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains($"Log reset on {Topic}-0: the committed offset 50 is beyond the log's end {written.Count}", warning.Message, StringComparison.Ordinal);
        Assert.Equal(1, resets.Count);
    }

    [Fact]
    public async Task Offsets_going_back_while_reading_are_a_log_reset_that_is_logged_counted_and_read_on_in_the_new_log()
    {
        using var resets = new ProviderCounter("actorviews.kafka.log_resets", Topic, ("actorviews.log_reset.cause", "offset_went_back"));
        var key = KeyOfPartition(0);
        using (var raw = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = _broker.BootstrapServers, Partitioner = Partitioner.Murmur2 }).Build())
        {
            for (var seq = 0; seq < RewindMessages; seq++)
            {
                await raw.ProduceAsync(Topic, new Message<string, string> { Key = key, Value = $"{{\"key\":\"{key}\",\"seq\":{seq}}}" });
            }
        }

        // The engine is driven directly so that the test can move its consumer as a replaced log would.
        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(KafkaClientConfig.ForConsumer(_options, "rewind-test")).Build();
        var partition = new TopicPartition(Topic, 0);
        consumer.Assign(new TopicPartitionOffset(partition, 0));
        var newLog = $"log-{Guid.NewGuid():N}";
        var pump = new PartitionPump(
            new KafkaTopicCatalog(_options).GetTopic(Topic),
            0,
            _options,
            new KafkaPartitionConsumer(consumer, partition),
            new JsonEventSerializer(),
            null!,
            new DeadLetterWriter(_producer, TimeSpan.FromMilliseconds(100)),
            _logs,
            readLogId: () => Task.FromResult(newLog));
        await using (pump)
        {
            pump.Start(0, "log-a");
            var first = await ReceiveAllAsync(pump);
            await Deadline.Until(() => pump.CommittedOffset == RewindMessages, Timeout, $"the commit to reach {RewindMessages} in the first log");

            // What the reader sees when the log is replaced under it: librdkafka reads again from offset 0.
            consumer.Seek(new TopicPartitionOffset(partition, 0));
            var second = await ReceiveAllAsync(pump);
            await Deadline.Until(() => pump.CommittedOffset == RewindMessages, Timeout, $"the commit to reach {RewindMessages} in the new log");

            Assert.Equal(Enumerable.Range(0, RewindMessages).Select(i => (long)i), first);
            Assert.Equal(first, second);
        }

        var warning = Assert.Single(_logs.WithEventId(1402));
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains($"Log reset on {Topic}-0: offset 0 was read after offset {RewindMessages - 1} of the log log-a; reading on in the new log {newLog}", warning.Message, StringComparison.Ordinal);
        Assert.Equal(1, resets.Count);
        Assert.DoesNotContain(_logs.Entries, e => e.Level >= LogLevel.Error);
    }

    [Fact]
    public async Task An_event_in_flight_past_the_threshold_logs_one_warning_naming_it_and_one_line_when_it_is_delivered()
    {
        const int heldBack = 1106, released = 1107;
        var partition0 = (await ProduceAsync(count: 20)).Where(w => w.Partition == 0).ToList();
        Assert.True(partition0.Count > 3, "the test needs a partition with more than 3 messages");
        var held = partition0[2].Offset;

        var receiver = CreateReceiver(partition: 0);
        await receiver.Initialize(Timeout);
        var received = await ReceiveAsync(receiver, partition0.Count);

        // The consumer finishes all but the third message: the commit stops there, 10 commit intervals (1 s) pass.
        await receiver.MessagesDeliveredAsync([.. received.Where(r => r.Token.SequenceNumber != held)], CancellationToken.None);
        await Deadline.Until(() => _logs.Entries.Any(l => l.EventId == heldBack), Timeout, $"a warning that offset {held} holds the commit of {Topic}-0 back");
        var warning = Assert.Single(_logs.Entries, l => l.EventId == heldBack);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains($"{Topic}-0 held back at {held}", warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_logs.Entries, l => l.EventId == released);
        await Deadline.Until(() => CommittedOffset(0) == held, Timeout, $"the commit of {Topic}-0 at offset {held}, held there");

        await receiver.MessagesDeliveredAsync([.. received.Where(r => r.Token.SequenceNumber == held)], CancellationToken.None);
        await Deadline.Until(() => _logs.Entries.Any(l => l.EventId == released), Timeout, $"an Information line that the commit of {Topic}-0 moves past {held} again");
        await receiver.Shutdown(Timeout);

        var moved = Assert.Single(_logs.Entries, l => l.EventId == released);
        Assert.Equal(LogLevel.Information, moved.Level);
        Assert.Contains($"{Topic}-0 moves past {held}", moved.Message, StringComparison.Ordinal);

        // Held for many commit ticks, reported once.
        Assert.Single(_logs.Entries, l => l.EventId == heldBack);
        Assert.Equal(partition0[^1].Offset + 1, CommittedOffset(0));
    }

    [Fact]
    public async Task The_provider_partitions_keys_as_librdkafkas_murmur2_partitioner_does()
    {
        var written = await ProduceAsync(count: 100);

        Assert.All(written, w => Assert.Equal(KafkaPartitioner.PartitionFor(w.Key, 2), w.Partition));
    }

    [Fact]
    public async Task A_message_over_a_megabyte_is_dead_lettered_whole_and_the_partition_flows_on()
    {
        // Issue 13 item 2: the dead-letter producer kept librdkafka's 1,000,000-byte limit, so a message refused
        // as larger than MaxMessageBytes (1 MiB) could never leave, and the partition's commit stopped at it.
        var key = KeyOfPartition(0);
        var big = $"{{\"key\":\"{key}\",\"seq\":1,\"pad\":\"{new string('p', 1_100_000)}\"}}";
        using (var raw = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = _broker.BootstrapServers, Partitioner = Partitioner.Murmur2, MessageMaxBytes = 4_000_000 }).Build())
        {
            await raw.ProduceAsync(Topic, new Message<string, string> { Key = key, Value = big });
            await raw.ProduceAsync(Topic, new Message<string, string> { Key = key, Value = $"{{\"key\":\"{key}\",\"seq\":2}}" });
        }

        var receiver = CreateReceiver(partition: 0);
        await receiver.Initialize(Timeout);
        var received = await ReceiveAsync(receiver, 1);
        await receiver.MessagesDeliveredAsync([.. received], CancellationToken.None);
        await Deadline.Until(() => CommittedOffset(0) == 2, Timeout, "the commit to pass the dead-lettered 1.1 MB message and the one after it");
        await receiver.Shutdown(Timeout);

        Assert.Equal(2, ((Reading)received.Single().Event).Seq);
        var dead = ConsumeOne(Topic + ".dlq");
        Assert.Equal(big, dead.Message.Value);
        Assert.Contains($"over the limit of {_options.MaxMessageBytes}", Header(dead, DeadLetterHeaders.Reason), StringComparison.Ordinal);
        Assert.Null(dead.Message.Headers.FirstOrDefault(h => h.Key == DeadLetterHeaders.Truncated));
    }

    public void Dispose()
    {
        _deadLetters.Dispose();
        _fence.Dispose();
        _producer.Dispose();
        _broker.Dispose();
    }

    // Outside a silo: no grains (the topic is delivered to streams), no ownership record.
    private KafkaQueueReceiver CreateReceiver(int partition)
    {
        var catalog = new KafkaTopicCatalog(_options);
        var context = new KafkaReceiverContext(
            "test",
            _options,
            new JsonEventSerializer(),
            GrainFactory: null!,
            _producer,
            _deadLetters,
            _fence,
            Ownership: null,
            Registry: null,
            _logs);
        return new KafkaQueueReceiver(catalog.GetQueue(Topic, partition), catalog.GetTopic(Topic), partition, context);
    }

    // Produced the way any client would: a plain Confluent producer with Java's partitioner.
    private async Task<List<Written>> ProduceAsync(int count)
    {
        using var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = _broker.BootstrapServers, Partitioner = Partitioner.Murmur2 }).Build();
        var written = new List<Written>();
        for (var seq = 1; seq <= count; seq++)
        {
            var key = $"sensor-{seq % 7}";
            var result = await producer.ProduceAsync(Topic, new Message<string, string> { Key = key, Value = $"{{\"key\":\"{key}\",\"seq\":{seq}}}" });
            written.Add(new Written(key, seq, result.Partition.Value, result.Offset.Value));
        }

        return written;
    }

    private static Task<List<KafkaBatchContainer>> ReceiveAsync(IQueueAdapterReceiver receiver, int count) =>
        PartitionReceivers.ReceiveAsync(receiver, count);

    // Takes the engine's stream events and reports them delivered, as Orleans' pulling agent does.
    private static async Task<List<long>> ReceiveAllAsync(PartitionPump pump)
    {
        var offsets = new List<long>();
        await Deadline.Until(
            () =>
            {
                var items = pump.TakeStreamItems(100);
                pump.MarkStreamItemsDelivered(items);
                offsets.AddRange(items.Cast<KafkaBatchContainer>().Select(c => c.Token.SequenceNumber));
                return offsets.Count >= RewindMessages;
            },
            Timeout,
            $"{RewindMessages} events from the delivery engine");
        return offsets;
    }

    private long CommittedOffset(int partition)
    {
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig { BootstrapServers = _broker.BootstrapServers, GroupId = _options.ConsumerGroupId }).Build();
        return consumer.Committed([new TopicPartition(Topic, partition)], Timeout).Single().Offset.Value;
    }

    private ConsumeResult<string, string> ConsumeOne(string topic)
    {
        using var consumer = new ConsumerBuilder<string, string>(new ConsumerConfig { BootstrapServers = _broker.BootstrapServers, GroupId = "dlq-reader", AutoOffsetReset = AutoOffsetReset.Earliest }).Build();
        consumer.Assign([new TopicPartitionOffset(topic, 0, Offset.Beginning), new TopicPartitionOffset(topic, 1, Offset.Beginning)]);
        return consumer.Consume(Timeout) ?? throw new TimeoutException($"Expected a message on {topic} within {Timeout}.");
    }

    private static string Header(ConsumeResult<string, string> result, string name) =>
        Encoding.UTF8.GetString(result.Message.Headers.GetLastBytes(name));

    private static string KeyOfPartition(int partition) =>
        Enumerable.Range(0, 100).Select(i => $"sensor-{i}").First(k => KafkaPartitioner.PartitionFor(k, 2) == partition);

    private sealed record Written(string Key, int Seq, int Partition, long Offset);
}

public sealed record Reading(string Key, int Seq);
