using System.Text;
using ActorViews.Streaming.Kafka.Delivery;
using ActorViews.Tests.Shared;

namespace ActorViews.Streaming.Kafka.Tests.Delivery;

/// <summary>Retries, one-by-one recovery and dead letters, with views that fail as the test scripts them.</summary>
public sealed class DeliveryPolicyTests : IDisposable
{
    private const int MaxAttempts = 3;
    private readonly OffsetTracker _tracker = new(0);
    private readonly CancellationTokenSource _stopping = new();
    private readonly ScriptedViews _views = new();
    private readonly RecordedOutcome _outcome = new();
    private readonly RecordingProducer _producer = new();
    private readonly RecordedLogs _logs = new();
    private readonly DeliveryPolicy _policy;
    private readonly RunScheduler _scheduler;

    public DeliveryPolicyTests()
    {
        var options = new KafkaStreamOptions { MaxDeliveryAttempts = MaxAttempts, RetryBackoff = TimeSpan.FromMilliseconds(1) };
        var deadLetters = new DeadLetterWriter(_producer, TimeSpan.FromMilliseconds(1));
        _policy = new DeliveryPolicy(Canned.Things(withView: true), 0, options, _views, deadLetters, _outcome, _logs, _stopping.Token);
        _scheduler = new RunScheduler(_policy.DeliverAsync, _policy.DeadLetterAsync, maxCalls: 1, maxQueuedEvents: 100, maxRunEvents: 100, _stopping.Token);
    }

    [Fact]
    public async Task A_run_the_views_apply_is_one_call_and_reported_applied()
    {
        await DeliverAsync((0, "a"), (1, "a"), (2, "b"));

        Assert.Equal([("a", [0L, 1L]), ("b", [2L])], _views.Calls.Select(c => (c.Key, c.Offsets)));
        Assert.Equal([0L, 1L, 2L], _outcome.Applied.Order());
        Assert.Empty(_producer.Written);
    }

    [Fact]
    public async Task An_infrastructure_failure_is_retried_past_the_attempt_limit_until_the_views_recover()
    {
        var failures = 0;
        _views.Behaviour = (_, _) => ++failures <= MaxAttempts * 2 ? Task.FromException(new TimeoutException("storage is down")) : Task.CompletedTask;

        await DeliverAsync((0, "a"), (1, "a"));

        Assert.Equal(MaxAttempts * 2 + 1, _views.Calls.Count);
        Assert.Equal([0L, 1L], _outcome.Applied.Order());
        Assert.Empty(_outcome.DeadLettered);
        Assert.Equal(MaxAttempts * 2, _logs.WithEventId(1102).Count);
    }

    [Fact]
    public async Task A_logic_failure_of_one_event_dead_letters_it_alone_with_its_reason()
    {
        _views.Behaviour = (_, messages) => messages.Any(m => m.Offset == 1)
            ? Task.FromException(new InvalidOperationException("size 1 is not allowed"))
            : Task.CompletedTask;

        await DeliverAsync((0, "a"), (1, "a"), (2, "a"));

        Assert.Equal([0L, 2L], _outcome.Applied.Order());
        Assert.Equal([1L], _outcome.DeadLettered);
        var dead = Assert.Single(_producer.Written);
        Assert.Equal(Canned.Topic + ".dlq", dead.Topic);
        Assert.Equal("a", Encoding.UTF8.GetString(dead.Key!));
        var reason = Encoding.UTF8.GetString(dead.Headers.GetLastBytes(DeadLetterHeaders.Reason));
        Assert.Equal($"Applying the event failed {MaxAttempts} times: InvalidOperationException: size 1 is not allowed", reason);
        Assert.Contains($"Dead-lettered {Canned.Topic}-0@1 to {Canned.Topic}.dlq", Assert.Single(_logs.WithEventId(1103)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Once_ownership_moves_a_failing_run_is_left_undelivered_for_the_next_owner()
    {
        _views.Behaviour = (_, _) => Task.FromException(new TimeoutException("storage is down"));
        Queue((0, "a"));
        await Deadline.Until(() => _views.Calls.Count >= 2, Deadline.Default, "the failing call to be retried");

        await _stopping.CancelAsync();
        await Deadline.Within(_scheduler.WhenAllAsync(), Deadline.Default, "the retries to end once ownership moved");

        Assert.Empty(_outcome.Applied);
        Assert.Empty(_outcome.DeadLettered);
        Assert.DoesNotContain(_logs.Entries, e => e.EventId == 1101);
    }

    public void Dispose()
    {
        _scheduler.Dispose();
        _stopping.Dispose();
    }

    private async Task DeliverAsync(params (long Offset, string Key)[] events)
    {
        Queue(events);
        await Deadline.Until(() => _outcome.Applied.Count + _outcome.DeadLettered.Count == events.Length, Deadline.Default, "every event applied or dead-lettered");
        await Deadline.Within(_scheduler.WhenAllAsync(), Deadline.Default, "the runs to finish");
    }

    private void Queue(params (long Offset, string Key)[] events)
    {
        var batch = Canned.Batch(_tracker, events);
        _scheduler.BeginBatch(batch);
        foreach (var message in batch)
        {
            _scheduler.AddToRun(message);
        }

        _scheduler.QueueRuns();
        _scheduler.StartReady();
    }
}
