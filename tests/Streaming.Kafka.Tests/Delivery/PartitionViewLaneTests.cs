using System.Collections.Concurrent;
using System.Text;
using ActorViews.Streaming.Kafka.Delivery;
using ActorViews.Tests.Shared;

namespace ActorViews.Streaming.Kafka.Tests.Delivery;

/// <summary>
/// Partition views beside key views: one call at a time with the partition's events of every key in offset
/// order, calls coalescing while one is in flight, and the commit rule waiting for both lanes.
/// </summary>
public sealed class PartitionViewLaneTests : IDisposable
{
    private const string PartitionKey = Canned.Topic + "/0";
    private readonly OffsetTracker _tracker = new(0);
    private readonly CancellationTokenSource _stopping = new();
    private const string KeyView = "thing-view";
    private const string PartitionView = "thing-router";
    private readonly ScriptedViews _views = new(KeyView, PartitionView) { KeyViewCount = 1 };
    private readonly TrackedOutcome _outcome;
    private readonly RecordingProducer _producer = new();
    private readonly DeliveryPolicy _policy;
    private readonly RunScheduler _scheduler;
    private readonly PartitionViewLane _lane;

    public PartitionViewLaneTests()
    {
        _outcome = new TrackedOutcome(_tracker);
        var options = new KafkaStreamOptions { MaxDeliveryAttempts = 2, RetryBackoff = TimeSpan.FromMilliseconds(1) };
        var deadLetters = new DeadLetterWriter(_producer, TimeSpan.FromMilliseconds(1));
        _policy = new DeliveryPolicy(Canned.Things(withView: true), 0, options, _views, deadLetters, _outcome, new RecordedLogs(), _stopping.Token);
        _scheduler = new RunScheduler(_policy.DeliverAsync, _policy.DeadLetterAsync, maxCalls: 4, maxQueuedEvents: 100, maxRunEvents: 100, _stopping.Token);
        _lane = new PartitionViewLane(PartitionKey, _policy.DeliverToPartitionViewsAsync, maxCallEvents: 4, maxQueuedEvents: 100, _stopping.Token);
    }

    [Fact]
    public async Task A_partition_view_gets_every_key_of_its_partition_in_offset_order_under_the_partition_key()
    {
        _lane.Add(Batch(partsPerEvent: 1, (0, "b"), (1, "a"), (2, "c"), (3, "a")));

        await Deadline.Within(_lane.WhenAllAsync(), Deadline.Default, "the partition view call to finish");
        Assert.Equal([(PartitionKey, [0L, 1L, 2L, 3L])], PartitionViewCalls.Select(c => (c.Key, c.Offsets)));
        Assert.Equal(4, _tracker.CommittableOffset());
    }

    [Fact]
    public async Task Events_read_while_a_call_is_in_flight_join_the_next_call_up_to_its_size()
    {
        var first = new TaskCompletionSource();
        _views.ViewBehaviour = (_, _, messages) => messages[0].Offset == 0 ? first.Task : Task.CompletedTask;

        _lane.Add(Batch(partsPerEvent: 1, (0, "a")));
        await Deadline.Until(() => PartitionViewCalls.Count() == 1, Deadline.Default, "the first call to start");
        _lane.Add(Batch(partsPerEvent: 1, (1, "a"), (2, "b")));
        _lane.Add(Batch(partsPerEvent: 1, (3, "c")));
        _lane.Add(Batch(partsPerEvent: 1, (4, "a"), (5, "d")));
        Assert.Single(PartitionViewCalls);
        Assert.Equal(5, _lane.QueuedEvents);

        first.SetResult();
        await Deadline.Until(() => _tracker.CommittableOffset() == 6, Deadline.Default, "all six events applied");
        await Deadline.Within(_lane.WhenAllAsync(), Deadline.Default, "the calls to finish");

        // Four is the call size limit: the five waiting events become two calls, not five.
        Assert.Equal([[0L], [1L, 2L, 3L, 4L], [5L]], PartitionViewCalls.Select(c => c.Offsets));
    }

    [Fact]
    public async Task The_commit_waits_until_both_the_key_views_and_the_partition_view_applied_an_event()
    {
        var partitionView = new TaskCompletionSource();
        _views.ViewBehaviour = (view, _, _) => view == PartitionView ? partitionView.Task : Task.CompletedTask;

        var batch = Batch(partsPerEvent: 2, (0, "a"), (1, "b"), (2, "a"));
        _lane.Add(batch);
        QueueToKeyViews(batch);
        await Deadline.Until(() => KeyViewCalls.Count() == 2 && _outcome.AppliedCount == 3, Deadline.Default, "the key views to apply all three events");

        Assert.Equal(0, _tracker.CommittableOffset());

        partitionView.SetResult();
        await Deadline.Until(() => _tracker.CommittableOffset() == 3, Deadline.Default, "the commit to pass all three events once the partition view applied them");
    }

    [Fact]
    public async Task A_failing_partition_view_dead_letters_the_event_naming_the_view_while_the_key_views_apply_it()
    {
        _views.ViewBehaviour = (view, _, messages) => view == PartitionView && messages.Any(m => m.Offset == 1)
            ? Task.FromException(new InvalidOperationException("no route for b"))
            : Task.CompletedTask;

        var batch = Batch(partsPerEvent: 2, (0, "a"), (1, "b"), (2, "c"));
        _lane.Add(batch);
        QueueToKeyViews(batch);
        await Deadline.Until(() => _tracker.CommittableOffset() == 3, Deadline.Default, "every event applied or dead-lettered by both lanes");

        // The key views applied all three; the partition view all but the event it failed on.
        Assert.Equal([0L, 0L, 1L, 2L, 2L], _outcome.Applied.Order());
        Assert.Equal(["a", "b", "c"], KeyViewCalls.Select(c => c.Key).Order());
        var dead = Assert.Single(_producer.Written);
        Assert.Equal("b", Encoding.UTF8.GetString(dead.Key!));
        var reason = Encoding.UTF8.GetString(dead.Headers.GetLastBytes(DeadLetterHeaders.Reason));
        Assert.Equal("Applying the event to thing-router failed 2 times: InvalidOperationException: no route for b", reason);
    }

    private IEnumerable<(string View, string Key, long[] Offsets)> PartitionViewCalls => _views.ViewCalls.Where(c => c.View == PartitionView);

    private IEnumerable<(string View, string Key, long[] Offsets)> KeyViewCalls => _views.ViewCalls.Where(c => c.View == KeyView);

    public void Dispose()
    {
        _lane.Dispose();
        _scheduler.Dispose();
        _stopping.Dispose();
    }

    private DecodedMessage[] Batch(byte partsPerEvent, params (long Offset, string Key)[] events)
    {
        var segment = _tracker.Append([.. events.Select(e => e.Offset)], [.. events.Select(_ => partsPerEvent)]);
        return [.. events.Select((e, i) => new DecodedMessage(Canned.Raw(e.Offset, e.Key), e.Key, new Thing(e.Key, (int)e.Offset, Colour.Red), null) { Index = i, Segment = segment })];
    }

    private void QueueToKeyViews(DecodedMessage[] batch)
    {
        _scheduler.BeginBatch(batch);
        foreach (var message in batch)
        {
            _scheduler.AddToRun(message);
        }

        _scheduler.QueueRuns();
        _scheduler.StartReady();
    }

    /// <summary>Reports to the commit rule as the partition committer does, and keeps what was applied.</summary>
    private sealed class TrackedOutcome(OffsetTracker tracker) : IDeliveryOutcome
    {
        public ConcurrentQueue<long> Applied { get; } = new();

        public int AppliedCount => Applied.Count;

        void IDeliveryOutcome.Applied(int view, DecodedMessage[] messages)
        {
            foreach (var message in messages)
            {
                Applied.Enqueue(message.Offset);
                tracker.MarkDelivered(message.Segment!, message.Index);
            }
        }

        void IDeliveryOutcome.DeadLettered(DecodedMessage message, int? view) => tracker.MarkDelivered(message.Segment!, message.Index);
    }
}
