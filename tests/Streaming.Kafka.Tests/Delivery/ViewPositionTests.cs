using ActorViews.Streaming.Kafka.Delivery;
using ActorViews.Tests.Shared;

namespace ActorViews.Streaming.Kafka.Tests.Delivery;

/// <summary>Each view of a topic keeps its own position on a partition; the partition's commit is the minimum.</summary>
public sealed class ViewPositionTests : IDisposable
{
    private const string Orders = "order-view";
    private const string Audit = "audit-view";
    private readonly CancellationTokenSource _stopping = new();
    private readonly ScriptedViews _views = new(Orders, Audit);
    private readonly CannedConsumer _consumer = new();
    private readonly RecordedLogs _logs = new();
    private readonly MemoryViewPositions _memory = new();
    private readonly PartitionCommitter _committer;
    private readonly DeliveryPolicy _policy;
    private readonly RunScheduler _scheduler;

    public ViewPositionTests()
    {
        var options = new KafkaStreamOptions { MaxDeliveryAttempts = 3, RetryBackoff = TimeSpan.FromMilliseconds(1) };
        var reader = new PartitionReader(Canned.Topic, 0, _consumer, options, _logs);
        _committer = new PartitionCommitter(Canned.Topic, 0, options, _consumer, reader, lease: null, _logs, views: _views.Views, positions: _memory);
        _committer.Begin(0);
        _policy = new DeliveryPolicy(Canned.Things(withView: true), 0, options, _views, new DeadLetterWriter(new RecordingProducer(), TimeSpan.FromMilliseconds(1)), _committer, _logs, _stopping.Token);
        _scheduler = new RunScheduler(_policy.DeliverAsync, _policy.DeadLetterAsync, maxCalls: 8, maxQueuedEvents: 100, maxRunEvents: 100, _stopping.Token);
    }

    [Fact]
    public async Task A_view_whose_calls_fail_for_a_while_does_not_hold_back_another_views_position_on_the_same_partition()
    {
        var auditDown = true;
        _views.ViewBehaviour = (view, _, _) => view == Audit && Volatile.Read(ref auditDown)
            ? Task.FromException(new TimeoutException("the audit store is down"))
            : Task.CompletedTask;

        Queue((0, "a"), (1, "b"), (2, "a"), (3, "c"));

        await Deadline.Until(() => _committer.ViewPosition(0) == 4, Deadline.Default, "order-view's position to pass every event while audit-view fails");
        await Deadline.Until(() => _views.ViewCalls.Count(c => c.View == Audit) >= 6, Deadline.Default, "audit-view's calls to be retried");
        Assert.Equal(0, _committer.ViewPosition(1));
        Assert.Equal(0, _committer.Tracker.CommittableOffset());
        _committer.Commit();
        Assert.Empty(_consumer.Commits);
        Assert.Equal(4, _memory.Stored[Orders]);
        Assert.False(_memory.Stored.ContainsKey(Audit));

        Volatile.Write(ref auditDown, false);
        await Deadline.Until(() => _committer.ViewPosition(1) == 4, Deadline.Default, "audit-view's position to pass every event once it recovered");
        await Deadline.Within(_scheduler.WhenAllAsync(), Deadline.Default, "the runs to finish");
        Assert.Equal(4, _committer.Tracker.CommittableOffset());
        _committer.Commit();
        Assert.Equal([4L], _consumer.Commits);
        Assert.Equal(4, _memory.Stored[Audit]);

        // The view that applied the events first is not called again while the other is retried.
        Assert.Equal([0L, 1L, 2L, 3L], _views.ViewCalls.Where(c => c.View == Orders).SelectMany(c => c.Offsets).Order());
    }

    [Fact]
    public async Task An_event_one_view_refuses_is_dead_lettered_for_that_view_alone_and_names_it()
    {
        _views.ViewBehaviour = (view, _, messages) => view == Audit && messages.Any(m => m.Offset == 1)
            ? Task.FromException(new InvalidOperationException("size 1 is not allowed"))
            : Task.CompletedTask;

        Queue((0, "a"), (1, "a"), (2, "a"));

        await Deadline.Until(() => _committer.ViewPosition(1) == 3, Deadline.Default, "audit-view to pass the event it refused");
        await Deadline.Within(_scheduler.WhenAllAsync(), Deadline.Default, "the runs to finish");
        Assert.Equal(3, _committer.ViewPosition(0));
        Assert.Equal(3, _committer.Tracker.CommittableOffset());
        var deadLettered = Assert.Single(_logs.WithEventId(1103));
        Assert.Contains("Applying the event to audit-view failed 3 times", deadLettered.Message, StringComparison.Ordinal);
        Assert.Equal([0L, 1L, 2L], _views.ViewCalls.Where(c => c.View == Orders).SelectMany(c => c.Offsets).Order());
    }

    [Fact]
    public async Task A_view_whose_stored_position_is_ahead_is_not_called_below_it_yet_passes_those_events()
    {
        _committer.Begin(0, [ViewStartPoint.Live(0), ViewStartPoint.Live(2)]);
        _policy.ViewStarts = _committer.ViewStarts;

        Queue((0, "a"), (1, "b"), (2, "a"), (3, "b"));

        await Deadline.Until(() => _committer.Tracker.CommittableOffset() == 4, Deadline.Default, "both views to pass every event");
        await Deadline.Within(_scheduler.WhenAllAsync(), Deadline.Default, "the runs to finish");
        Assert.Equal([2L, 3L], _views.ViewCalls.Where(c => c.View == Audit).SelectMany(c => c.Offsets).Order());
        Assert.Equal([0L, 1L, 2L, 3L], _views.ViewCalls.Where(c => c.View == Orders).SelectMany(c => c.Offsets).Order());
        Assert.Equal(4, _committer.ViewPosition(1));
    }

    [Fact]
    public void Positions_a_view_has_not_moved_are_not_stored_again_and_a_view_ahead_keeps_its_position()
    {
        _committer.Begin(0, [ViewStartPoint.Live(0), ViewStartPoint.Live(7)]);
        _committer.Commit();

        Assert.Empty(_memory.Stored);
        Assert.Equal(7, _committer.ViewPosition(1));
    }

    public void Dispose()
    {
        _scheduler.Dispose();
        _stopping.Dispose();
    }

    private void Queue(params (long Offset, string Key)[] events)
    {
        var offsets = events.Select(e => e.Offset).ToArray();
        var segment = _committer.Append(offsets, [.. events.Select(_ => (byte)_views.Views.Count)], [.. events.Select(_ => 0L)]);
        DecodedMessage[] batch = [.. events.Select((e, i) => new DecodedMessage(Canned.Raw(e.Offset, e.Key), e.Key, new Thing(e.Key, (int)e.Offset, Colour.Red), null) { Index = i, Segment = segment })];
        _scheduler.BeginBatch(batch);
        foreach (var message in batch)
        {
            _scheduler.AddToRun(message);
        }

        _scheduler.QueueRuns();
        _scheduler.StartReady();
    }
}
