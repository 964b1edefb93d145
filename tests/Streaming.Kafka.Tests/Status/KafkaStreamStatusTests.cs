using ActorViews.EmbeddedKafka;
using ActorViews.Streaming.Kafka.Providers;
using ActorViews.Streaming.Kafka.Status;
using ActorViews.Tests.Shared;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace ActorViews.Streaming.Kafka.Tests.Status;

/// <summary>
/// Status reads answer within their deadline whatever one of their sources does: an owners record that never
/// answers (its silo hung or dead) leaves the owners unknown and marked, not the status unanswered. The broker
/// is real; the owners record is a seam, since making the grain's silo unreachable needs a cluster.
/// </summary>
public sealed class KafkaStreamStatusTests : IDisposable
{
    private const string Meters = "meters";
    private const string Alarms = "alarms";
    private const int SourceFailed = 1201;
    private const int SourceAnswered = 1202;

    // The owners' deadline plus the broker's requests, with room for a loaded machine; far below the 30 s an
    // Orleans call to a silo that does not answer waits.
    private static readonly TimeSpan AnswerWithin = TimeSpan.FromSeconds(10);

    private readonly EmbeddedKafkaBroker _broker = EmbeddedKafkaBroker.Start();
    private readonly KafkaStreamOptions _options;
    private readonly RecordedLogs _logs = new();

    public KafkaStreamStatusTests()
    {
        _broker.CreateTopic(Meters, 2);
        _broker.CreateTopic(Alarms, 1);
        _options = new KafkaStreamOptions { BootstrapServers = _broker.BootstrapServers, ConsumerGroupId = "status-tests" };
        _options.AddTopic<string>(Meters, 2).WithView<IMeterView>().WithView<IAuditView>();
        _options.AddTopic<string>(Alarms, 1).WithView<IAlarmView>();
    }

    [Fact]
    public async Task An_owners_record_that_never_answers_leaves_every_owner_unknown_and_marked_and_the_status_answers_in_time()
    {
        await ProduceAsync(Meters, 0, count: 3);
        var owners = new SilentOwners();
        using var status = Status(owners, new BrokerStatusOffsets(_options, "test", null));

        var first = await Deadline.Within(status.GetPartitionsAsync(), AnswerWithin, "the status to answer without the owners record");
        var second = await Deadline.Within(status.GetPartitionsAsync(), AnswerWithin, "the next status read to answer without the owners record");

        Assert.All(first.Concat(second), p => Assert.True(p.OwnerUnknown && p.Owner is null, $"{p.Topic}-{p.Partition} should be marked owner unknown: {p}"));
        var meters0 = Assert.Single(second, p => p.Topic == Meters && p.Partition == 0);
        Assert.Equal((3L, 3L, (long?)null), (meters0.HighWatermark, meters0.Lag, meters0.CommittedOffset));
        Assert.Equal(1, owners.Calls);
        var warning = Assert.Single(_logs.WithEventId(SourceFailed));
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("partition owners record did not answer (no answer within 2s)", warning.Message, StringComparison.Ordinal);

        // The call still pending answers late: the next read shows the owners, and the log says it is back.
        owners.Answer(new Dictionary<string, string> { [$"{Meters}/0"] = "silo-a" });
        var answered = await Deadline.Within(status.GetPartitionsAsync(), AnswerWithin, "the status to answer with the owners record");

        Assert.All(answered, p => Assert.False(p.OwnerUnknown, $"{p.Topic}-{p.Partition} has a known owner (or none) once the record answered"));
        Assert.Equal(["silo-a", null, null], answered.OrderBy(p => p.Topic == Meters ? 0 : 1).ThenBy(p => p.Partition).Select(p => p.Owner));
        Assert.Single(_logs.WithEventId(SourceAnswered));
    }

    [Fact]
    public async Task An_owners_record_that_fails_is_marked_the_same_and_logged_once_for_the_kind_of_failure()
    {
        using var status = Status(new FailingOwners(), new BrokerStatusOffsets(_options, "test", null));

        for (var read = 0; read < 3; read++)
        {
            var partitions = await Deadline.Within(status.GetPartitionsAsync(), AnswerWithin, "the status to answer without the owners record");
            Assert.Equal(3, partitions.Count(p => p.OwnerUnknown));
        }

        var warning = Assert.Single(_logs.WithEventId(SourceFailed));
        Assert.Contains("the owners grain's silo is unreachable", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_broker_that_does_not_answer_fails_the_read_within_its_deadline_and_is_logged_once()
    {
        using var status = Status(new FailingOwners(), new BrokerStatusOffsets(_options, "test", null));
        _broker.SetAllBrokersDown();

        for (var read = 0; read < 2; read++)
        {
            var failed = Deadline.Within(Record.ExceptionAsync(() => status.GetPartitionsAsync()), AnswerWithin, "the status read to give up on the broker");
            Assert.IsType<KafkaException>(await failed);
        }

        Assert.Single(_logs.WithEventId(SourceFailed), e => e.Message.Contains("the broker did not answer", StringComparison.Ordinal));
    }

    // The embedded broker has no retention and cannot delete a log's head, so the broker's answer is passed
    // through a reader that reports meters-1 as a real broker would after retention: starting at 1200.
    [Fact]
    public async Task Views_of_a_topic_whose_log_head_was_deleted_say_so_with_the_partition_and_its_first_offset()
    {
        await ProduceAsync(Meters, 0, count: 3);
        using var positions = new KafkaViewPositions(_options, "test");
        positions.Commit(new TopicPartition(Meters, 0), "meter-view", 3);
        using var status = Status(new SilentOwners(), new HeadDeleted(new BrokerStatusOffsets(_options, "test", positions), Meters, 1, first: 1200, high: 1250));

        var views = (await Deadline.Within(status.GetViewsAsync(), AnswerWithin, "the views' status")).ToDictionary(v => v.Name);

        Assert.Equal(["alarm-view", "audit-view", "meter-view"], views.Keys.Order(StringComparer.Ordinal));

        // meter-view applied all of meters-0; every view of meters has the 50 events left in meters-1 to apply.
        Assert.Equal((50L, true), (views["meter-view"].Lag, views["meter-view"].TruncatedHead));
        Assert.Equal((53L, true), (views["audit-view"].Lag, views["audit-view"].TruncatedHead));
        Assert.Contains("The log of meters no longer starts at offset 0 on partition 1 (first offset 1200)", Assert.Single(views["meter-view"].Warnings!), StringComparison.Ordinal);
        Assert.Equal((0L, false), (views["alarm-view"].Lag, views["alarm-view"].TruncatedHead));
        Assert.Empty(views["alarm-view"].Warnings!);
    }

    [Fact]
    public async Task Views_whose_positions_cannot_be_read_count_from_the_partitions_committed_offset_and_say_so()
    {
        await ProduceAsync(Meters, 0, count: 3);
        using var positions = new KafkaViewPositions(_options, "test");
        positions.Commit(new TopicPartition(Meters, 0), "meter-view", 3);
        using var status = Status(new SilentOwners(), new PositionsRefused(new BrokerStatusOffsets(_options, "test", positions)));

        var views = (await Deadline.Within(status.GetViewsAsync(), AnswerWithin, "the views' status without their positions")).ToDictionary(v => v.Name);

        // meter-view's own position (3) is not known: it counts from the partition, where nothing is committed.
        Assert.Equal(3, views["meter-view"].Lag);
        Assert.Contains("own positions were not read", Assert.Single(views["meter-view"].Warnings!), StringComparison.Ordinal);
        Assert.False(views["meter-view"].TruncatedHead);
        Assert.Single(_logs.WithEventId(SourceFailed), e => e.Message.Contains("views' positions did not answer", StringComparison.Ordinal));
    }

    public void Dispose() => _broker.Dispose();

    private KafkaStreamStatus Status(IPartitionOwnersSource owners, IStatusOffsetsReader offsets) =>
        new(_broker.BootstrapServers, new KafkaTopicCatalog(_options), owners, offsets, new StatusSourceWatch("test", _logs));

    private async Task ProduceAsync(string topic, int partition, int count)
    {
        using var producer = new ProducerBuilder<Null, string>(new ProducerConfig { BootstrapServers = _broker.BootstrapServers }).Build();
        for (var i = 0; i < count; i++)
        {
            await producer.ProduceAsync(new TopicPartition(topic, partition), new Message<Null, string> { Value = $"\"{i}\"" });
        }
    }

    public interface IMeterView : IGrainWithStringKey;

    public interface IAuditView : IGrainWithStringKey;

    public interface IAlarmView : IGrainWithStringKey;

    /// <summary>An owners record whose calls wait, as a call to a hung silo's grain does, until told to answer.</summary>
    private sealed class SilentOwners : IPartitionOwnersSource
    {
        private readonly TaskCompletionSource<IReadOnlyDictionary<string, string>> _answer = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public Task<IReadOnlyDictionary<string, string>> ReadActiveOwnersAsync()
        {
            Interlocked.Increment(ref _calls);
            return _answer.Task;
        }

        public void Answer(IReadOnlyDictionary<string, string> owners) => _answer.SetResult(owners);
    }

    private sealed class FailingOwners : IPartitionOwnersSource
    {
        public Task<IReadOnlyDictionary<string, string>> ReadActiveOwnersAsync() =>
            Task.FromException<IReadOnlyDictionary<string, string>>(new InvalidOperationException("the owners grain's silo is unreachable"));
    }

    private sealed class HeadDeleted(IStatusOffsetsReader broker, string topic, int partition, long first, long high) : IStatusOffsetsReader
    {
        public IReadOnlyList<PartitionOffsets> ReadPartitions(IReadOnlyList<TopicPartition> partitions, TimeSpan timeout) =>
            [.. broker.ReadPartitions(partitions, timeout).Select(p => p.Topic == topic && p.Partition == partition ? p with { FirstOffset = first, HighWatermark = high } : p)];

        public IReadOnlyDictionary<string, long> ReadViewPositions(TopicPartition partition, IReadOnlyList<string> views, TimeSpan timeout) =>
            broker.ReadViewPositions(partition, views, timeout);
    }

    private sealed class PositionsRefused(IStatusOffsetsReader broker) : IStatusOffsetsReader
    {
        public IReadOnlyList<PartitionOffsets> ReadPartitions(IReadOnlyList<TopicPartition> partitions, TimeSpan timeout) =>
            broker.ReadPartitions(partitions, timeout);

        public IReadOnlyDictionary<string, long> ReadViewPositions(TopicPartition partition, IReadOnlyList<string> views, TimeSpan timeout) =>
            throw new KafkaException(Confluent.Kafka.ErrorCode.RequestTimedOut);
    }
}
