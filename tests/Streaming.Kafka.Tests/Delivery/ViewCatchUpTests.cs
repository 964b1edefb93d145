using System.Text;
using ActorViews.Streaming.Kafka.Delivery;
using ActorViews.Streaming.Kafka.Providers;
using ActorViews.Tests.Shared;

namespace ActorViews.Streaming.Kafka.Tests.Delivery;

/// <summary>
/// A view added to a topic with history (audit-view, index 1) catches up with a reader of its own and hands over
/// to the live reader at an exact offset, while the topic's live view (order-view) is delivered nothing again.
/// </summary>
public sealed class ViewCatchUpTests : IAsyncDisposable
{
    private const string Orders = "order-view";
    private const string Audit = "audit-view";
    private const int AuditIndex = 1;
    private readonly KafkaStreamOptions _options = new()
    {
        MaxDeliveryAttempts = 3,
        RetryBackoff = TimeSpan.FromMilliseconds(1),
        CommitInterval = TimeSpan.FromMilliseconds(20),
        PollTimeout = TimeSpan.FromMilliseconds(10),
    };

    private readonly KafkaTopic _topic = new(new KafkaTopicOptions { Name = Canned.Topic, Partitions = 1, EventType = typeof(Thing), Views = [typeof(IOrderView), typeof(IAuditView)] });
    private readonly CancellationTokenSource _stopping = new();
    private readonly RecordedLogs _logs = new();
    private readonly RecordingProducer _deadLetters = new();
    private readonly MemoryViewPositions _positions = new();
    private readonly CannedConsumer _liveConsumer = new();
    private readonly ScriptedViews _liveViews = new(Orders, Audit);
    private readonly ScriptedViews _catchUpViews = new(Audit);
    private readonly PartitionCommitter _live;
    private readonly RunScheduler _liveScheduler;
    private readonly List<ViewCatchUp> _catchUps = [];

    public ViewCatchUpTests()
    {
        var reader = new PartitionReader(Canned.Topic, 0, _liveConsumer, _options, _logs);
        _live = new PartitionCommitter(Canned.Topic, 0, _options, _liveConsumer, reader, lease: null, _logs, views: _liveViews.Views, positions: _positions);
        var policy = new DeliveryPolicy(_topic, 0, _options, _liveViews, new DeadLetterWriter(_deadLetters, TimeSpan.FromMilliseconds(1)), _live, _logs, _stopping.Token);
        _liveScheduler = new RunScheduler(policy.DeliverAsync, policy.DeadLetterAsync, maxCalls: 8, maxQueuedEvents: 100, maxRunEvents: 100, _stopping.Token);
        BeginLive(4, auditFrom: 0);
        policy.ViewStarts = _live.ViewStarts;
    }

    [Fact]
    public async Task A_new_view_catches_up_on_the_history_and_the_live_reader_delivers_it_exactly_the_rest()
    {
        var consumer = Log(0, 5);
        var catchUp = StartCatchUp(from: 0, consumer);

        await Deadline.Within(catchUp.Completion, Deadline.Default, "audit-view to catch up and hand over");
        Assert.True(catchUp.HandedOver);
        Assert.False(_live.IsBuilding(AuditIndex));
        Assert.Equal(6, consumer.Commits.Last());

        // The live reader reads on from its start (4): audit-view has 4 and 5 already.
        QueueLive((4, "a"), (5, "b"), (6, "a"), (7, "c"));
        await Deadline.Until(() => _live.Tracker.CommittableOffset() == 8, Deadline.Default, "the live reader to deliver 4..7");
        await Deadline.Within(_liveScheduler.WhenAllAsync(), Deadline.Default, "the live runs to finish");

        Assert.Equal([4L, 5L, 6L, 7L], Offsets(_liveViews, Orders));
        Assert.Equal([6L, 7L], Offsets(_liveViews, Audit));
        Assert.Equal([0L, 1L, 2L, 3L, 4L, 5L], Offsets(_catchUpViews, Audit));
        Assert.Equal(8, _live.ViewPosition(AuditIndex));
    }

    [Fact]
    public async Task A_building_view_holds_back_neither_the_live_view_nor_the_partition_and_hands_over_only_once_past_the_live_reader()
    {
        QueueLive((4, "a"), (5, "b"), (6, "a"), (7, "c"));
        await Deadline.Until(() => _live.Tracker.CommittableOffset() == 8, Deadline.Default, "the live reader to pass 4..7 while audit-view builds");
        await Deadline.Within(_liveScheduler.WhenAllAsync(), Deadline.Default, "the live runs to finish");
        _live.Commit();
        Assert.Equal([8L], _liveConsumer.Commits);
        Assert.Equal(8, _positions.Stored[Orders]);
        Assert.False(_positions.Stored.ContainsKey(Audit));
        Assert.Empty(Offsets(_liveViews, Audit));

        var consumer = Log(0, 5);
        var catchUp = StartCatchUp(from: 0, consumer);
        await Deadline.Until(() => catchUp.Position == 6, Deadline.Default, "audit-view to apply 0..5");

        // The live reader took in up to 7: handing over at 6 would lose 6 and 7.
        Assert.True(_live.IsBuilding(AuditIndex));
        Assert.False(catchUp.Completion.IsCompleted);

        consumer.Feed(Canned.Raw(6, "a"), Canned.Raw(7, "c"));
        await Deadline.Within(catchUp.Completion, Deadline.Default, "audit-view to hand over once it applied 6 and 7");
        Assert.True(catchUp.HandedOver);
        Assert.Equal([0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L], Offsets(_catchUpViews, Audit));
        Assert.Empty(Offsets(_liveViews, Audit));
        Assert.Equal([4L, 5L, 6L, 7L], Offsets(_liveViews, Orders));
    }

    [Fact]
    public async Task A_catch_up_stopped_midway_stores_its_position_and_the_next_one_resumes_there()
    {
        var first = Log(0, 2);
        var stopped = StartCatchUp(from: 0, first);
        await Deadline.Until(() => stopped.Position == 3, Deadline.Default, "audit-view to apply 0..2");
        await Deadline.Within(stopped.StopAsync(Deadline.Default), Deadline.Default, "the catch-up to stop");
        Assert.False(stopped.HandedOver);
        Assert.Equal(3, first.Commits.Last());

        // What the partition's next owner finds: the live views at 4, audit-view's own group at 3.
        var resumed = ViewStartRule.Resolve(4, 0, 5, [Orders, Audit], [ViewStart.Beginning, ViewStart.Beginning], new Dictionary<string, long> { [Orders] = 4, [Audit] = 3 });
        Assert.Equal(new ViewStartPoint(3, true, 3), resumed[AuditIndex]);

        var second = new CannedConsumer();
        second.Feed(Canned.Raw(3, "d"), Canned.Raw(4, "a"));
        var catchUp = StartCatchUp(from: resumed[AuditIndex].Offset, second);
        await Deadline.Within(catchUp.Completion, Deadline.Default, "the resumed catch-up to hand over");
        Assert.Equal([0L, 1L, 2L, 3L, 4L], Offsets(_catchUpViews, Audit));
    }

    [Fact]
    public async Task An_event_the_new_view_refuses_is_dead_lettered_naming_it_and_an_undecodable_message_is_not_dead_lettered_again()
    {
        _catchUpViews.Behaviour = (_, messages) => messages.Any(m => m.Offset == 2)
            ? Task.FromException(new InvalidOperationException("size 2 is not allowed"))
            : Task.CompletedTask;
        var consumer = new CannedConsumer();
        consumer.Feed(Canned.Raw(0, "a"), Canned.Raw(1, "b", "not json"), Canned.Raw(2, "a"), Canned.Raw(3, "c"));

        var catchUp = StartCatchUp(from: 0, consumer);

        await Deadline.Within(catchUp.Completion, Deadline.Default, "audit-view to pass the event it refused and hand over");
        var dead = Assert.Single(_deadLetters.Written);
        Assert.Equal("2", Header(dead.Headers, DeadLetterHeaders.SourceOffset));
        Assert.StartsWith("Applying the event to audit-view failed 3 times", Header(dead.Headers, DeadLetterHeaders.Reason), StringComparison.Ordinal);
        Assert.Equal(4, catchUp.Position);
    }

    [Fact]
    public async Task A_catch_up_whose_partition_another_receiver_claimed_stops_and_commits_nothing_more()
    {
        var fence = new ScriptedFence();
        var partition = new Confluent.Kafka.TopicPartition(Canned.Topic, 0);
        var lease = new PartitionLease(fence, partition, fence.Claim(partition, TimeSpan.Zero));
        var consumer = Log(0, 2);
        var catchUp = StartCatchUp(from: 0, consumer, lease);
        await Deadline.Until(() => consumer.Commits.LastOrDefault() == 3, Deadline.Default, "audit-view's position 3 stored under the claim");

        // The partition's new owner claims it; the old catch-up must not store positions over the new one's.
        fence.Claim(partition, TimeSpan.Zero);
        consumer.Feed(Canned.Raw(3, "d"));
        await Deadline.Within(catchUp.Completion, Deadline.Default, "the fenced catch-up to stop");

        Assert.False(catchUp.HandedOver);
        Assert.True(_live.IsBuilding(AuditIndex));
        Assert.Equal(3, consumer.Commits.Max());
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var catchUp in _catchUps)
        {
            await catchUp.DisposeAsync();
        }

        _liveScheduler.Dispose();
        _stopping.Dispose();
    }

    private static string Header(Confluent.Kafka.Headers headers, string name) => Encoding.UTF8.GetString(headers.GetLastBytes(name));

    private static long[] Offsets(ScriptedViews views, string view) => [.. views.ViewCalls.Where(c => c.View == view).SelectMany(c => c.Offsets).Order()];

    private static CannedConsumer Log(long first, long last)
    {
        var consumer = new CannedConsumer();
        for (var offset = first; offset <= last; offset++)
        {
            consumer.Feed(Canned.Raw(offset, ((char)('a' + (offset % 4))).ToString()));
        }

        return consumer;
    }

    private void BeginLive(long start, long auditFrom) =>
        _live.Begin(start, [ViewStartPoint.Live(start), new ViewStartPoint(auditFrom, Building: true, Stored: -1)]);

    private ViewCatchUp StartCatchUp(long from, CannedConsumer consumer, PartitionLease? lease = null)
    {
        var catchUp = new ViewCatchUp(_topic, AuditIndex, 0, from, _options, consumer, _catchUpViews, new JsonEventSerializer(), new DeadLetterWriter(_deadLetters, TimeSpan.FromMilliseconds(1)), _live, _logs, lease);
        _catchUps.Add(catchUp);
        catchUp.Start();
        return catchUp;
    }

    private void QueueLive(params (long Offset, string Key)[] events)
    {
        var segment = _live.Append([.. events.Select(e => e.Offset)], [.. events.Select(_ => (byte)2)], [.. events.Select(_ => 0L)]);
        DecodedMessage[] batch = [.. events.Select((e, i) => new DecodedMessage(Canned.Raw(e.Offset, e.Key), e.Key, new Thing(e.Key, (int)e.Offset, Colour.Red), null) { Index = i, Segment = segment })];
        _liveScheduler.BeginBatch(batch);
        foreach (var message in batch)
        {
            _liveScheduler.AddToRun(message);
        }

        _liveScheduler.QueueRuns();
        _liveScheduler.StartReady();
    }
}
