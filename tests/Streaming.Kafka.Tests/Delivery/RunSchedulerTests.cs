using System.Collections.Concurrent;
using ActorViews.Streaming.Kafka.Delivery;
using ActorViews.Tests.Shared;

namespace ActorViews.Streaming.Kafka.Tests.Delivery;

/// <summary>Runs per key, coalescing of waiting runs, call permits and backpressure, with calls the test completes.</summary>
public sealed class RunSchedulerTests : IDisposable
{
    private readonly OffsetTracker _tracker = new(0);
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentQueue<Call> _calls = new();
    private readonly ConcurrentQueue<long> _deadLetters = new();

    [Fact]
    public void A_batch_gives_each_key_one_run_of_its_events_in_offset_order()
    {
        using var scheduler = Create(maxCalls: 4);

        Take(scheduler, (0, "a"), (1, "b"), (2, "a"), (3, "a"));

        Assert.Equal([("a", [0L, 2L, 3L]), ("b", [1L])], _calls.Select(c => (c.Key, c.Offsets)));
    }

    [Fact]
    public async Task Runs_beyond_the_call_permits_wait_for_a_call_to_finish()
    {
        using var scheduler = Create(maxCalls: 1);

        Take(scheduler, (0, "a"), (1, "b"));
        Assert.Equal(["a"], _calls.Select(c => c.Key));

        _calls.Single().Finish();
        await Deadline.Until(() => _calls.Count == 2, Deadline.Default, "b's run to start once a's call returned its permit");
        Assert.Equal(["a", "b"], _calls.Select(c => c.Key));
    }

    [Fact]
    public async Task A_waiting_run_takes_in_later_events_of_its_key_up_to_the_run_limit()
    {
        using var scheduler = Create(maxCalls: 1, maxRunEvents: 3);

        Take(scheduler, (0, "a"), (1, "b"));
        Take(scheduler, (2, "b"), (3, "b"));
        Take(scheduler, (4, "b"));
        _calls.Single().Finish();
        await Deadline.Until(() => _calls.Count == 2, Deadline.Default, "b's gathered run to start");
        _calls.Last().Finish();
        await Deadline.Until(() => _calls.Count == 3, Deadline.Default, "b's run over the limit to start after the gathered one");

        Assert.Equal([[0L], [1L, 2L, 3L], [4L]], _calls.Select(c => c.Offsets));
    }

    [Fact]
    public async Task The_intake_waits_while_more_events_than_the_limit_wait_for_a_call()
    {
        using var scheduler = Create(maxCalls: 1, maxQueuedEvents: 2);

        Take(scheduler, (0, "a"), (1, "b"), (2, "c"), (3, "d"));
        var room = scheduler.WaitForRoomAsync(CancellationToken.None);

        Assert.False(room.IsCompleted, "3 events wait for a call, over the limit of 2: the intake must wait");
        _calls.Single().Finish();
        await Deadline.Within(room, Deadline.Default, "room once b's run started and 2 events wait");
        Assert.Equal(2, scheduler.QueuedEvents);
    }

    [Fact]
    public async Task A_dead_letter_waits_for_its_keys_earlier_run()
    {
        using var scheduler = Create(maxCalls: 4);
        Take(scheduler, (0, "a"));

        var poison = Canned.Batch(_tracker, (1, "a"))[0] with { Event = null, FailureReason = "not a Thing" };
        scheduler.BeginBatch([poison]);
        scheduler.QueueDeadLetter(poison, poison.FailureReason!);
        scheduler.QueueRuns();
        scheduler.StartReady();

        Assert.Empty(_deadLetters);
        _calls.Single().Finish();
        await Deadline.Until(() => _deadLetters.Count == 1, Deadline.Default, "the dead letter once a's earlier run finished");
        Assert.Equal([1L], _deadLetters);
    }

    [Fact]
    public async Task Once_stopping_no_more_work_starts()
    {
        using var scheduler = Create(maxCalls: 1);

        Take(scheduler, (0, "a"), (1, "b"));
        await _stopping.CancelAsync();
        _calls.Single().Finish();
        await scheduler.WhenAllAsync();

        Assert.Equal(["a"], _calls.Select(c => c.Key));
    }

    public void Dispose() => _stopping.Dispose();

    private RunScheduler Create(int maxCalls, int maxQueuedEvents = 100, int maxRunEvents = 100) => new(
        run =>
        {
            var call = new Call(run);
            _calls.Enqueue(call);
            return call.RunAsync();
        },
        (message, _) =>
        {
            _deadLetters.Enqueue(message.Offset);
            return Task.CompletedTask;
        },
        maxCalls,
        maxQueuedEvents,
        maxRunEvents,
        _stopping.Token);

    // What the intake does with a read batch of good events.
    private void Take(RunScheduler scheduler, params (long Offset, string Key)[] events)
    {
        var batch = Canned.Batch(_tracker, events);
        scheduler.BeginBatch(batch);
        foreach (var message in batch)
        {
            scheduler.AddToRun(message);
        }

        scheduler.QueueRuns();
        scheduler.StartReady();
    }

    private sealed class Call(ViewRun run)
    {
        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string Key => run.Key;

        public long[] Offsets => [.. run.Messages.Select(m => m.Offset)];

        public void Finish() => _done.SetResult();

        public async Task RunAsync()
        {
            await _done.Task;
            run.Complete();
        }
    }
}
