using ActorViews.Streaming.Kafka.Delivery;
using ActorViews.Streaming.Kafka.Diagnostics;
using ActorViews.Streaming.Kafka.Providers;
using ActorViews.Tests.Shared;
using Confluent.Kafka;

namespace ActorViews.Streaming.Kafka.Tests.Delivery;

/// <summary>The partition's checkpointer over a canned consumer and an in-memory fence: commit rule, fence, failures, lag.</summary>
public sealed class PartitionCommitterTests : IDisposable
{
    private readonly KafkaStreamOptions _options = new() { CommitInterval = TimeSpan.FromMilliseconds(10) };
    private readonly CannedConsumer _consumer = new();
    private readonly ScriptedFence _fence = new();
    private readonly RecordedLogs _logs = new();
    private readonly PartitionHealth _health;
    private readonly PartitionReader _reader;

    public PartitionCommitterTests()
    {
        _health = new PartitionHealth(Canned.Topic, 0, _logs);
        _reader = new PartitionReader(Canned.Topic, 0, _consumer, _options, _logs);
    }

    [Fact]
    public void Commits_only_over_a_contiguous_run_of_delivered_events()
    {
        var committer = Create(lease: null);
        committer.Begin(0);
        var batch = Canned.Batch(committer.Tracker, (0, "a"), (1, "b"), (2, "a"), (3, "c"));

        committer.Applied(0, [batch[0], batch[1], batch[3]]);
        committer.Commit();
        committer.Commit();
        committer.DeadLettered(batch[2]);
        committer.Commit();

        Assert.Equal([2L, 4L], _consumer.Commits);
        Assert.Equal(4, committer.CommittedOffset);
    }

    [Fact]
    public async Task A_newer_claim_stops_the_commits_with_one_warning_and_raises_fenced_once()
    {
        var lease = new PartitionLease(_fence, new TopicPartition(Canned.Topic, 0), _fence.Claim(new TopicPartition(Canned.Topic, 0), TimeSpan.Zero));
        var committer = Create(lease);
        var fencedRaised = 0;
        committer.Fenced = () => Interlocked.Increment(ref fencedRaised);
        committer.Begin(0);
        var batch = Canned.Batch(committer.Tracker, (0, "a"), (1, "a"));
        committer.Applied(0, [batch[0]]);
        committer.Commit();

        _fence.Claim(lease.Partition, TimeSpan.Zero);
        committer.Applied(0, [batch[1]]);
        committer.Commit();
        committer.Commit();

        await Deadline.Until(() => Volatile.Read(ref fencedRaised) == 1, Deadline.Default, "the fenced callback");
        Assert.Equal([1L], _consumer.Commits);
        Assert.True(committer.IsFenced);
        Assert.Equal(PartitionCondition.Fenced, _health.Current.Condition);
        Assert.Contains("another receiver claimed the partition", _health.Current.Reason, StringComparison.Ordinal);
        Assert.Equal(2, _fence.Reads);
        var warning = Assert.Single(_logs.WithEventId(1110));
        Assert.Contains($"Not committing {Canned.Topic}-0 at 2", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Commit_ticks_run_on_a_thread_of_their_own_not_the_shared_pool()
    {
        // A commit blocks its thread for up to its timeout while the brokers are away; one per partition on the
        // shared pool starved a silo's HTTP probes for half a minute (HealthTests' broker blip).
        var committer = Create(lease: null);
        committer.Begin(0);
        committer.Applied(0, Canned.Batch(committer.Tracker, (0, "a")));
        using var stop = new CancellationTokenSource();

        var run = committer.RunAsync(stop.Token);
        await Deadline.Until(() => !_consumer.Commits.IsEmpty, Deadline.Default, "the commit loop to commit offset 1");
        await stop.CancelAsync();
        await Deadline.Within(run, Deadline.Default, "the commit loop to end once cancelled");

        Assert.Equal([1L], _consumer.Commits);
        Assert.Equal([false], _consumer.CommitsOnThePool);
    }

    [Fact]
    public void A_refused_commit_is_logged_and_made_on_a_later_tick()
    {
        var committer = Create(lease: null);
        committer.Begin(0);
        committer.Applied(0, Canned.Batch(committer.Tracker, (0, "a")));

        _consumer.RefuseCommits = true;
        committer.Commit();
        _consumer.RefuseCommits = false;
        committer.Commit();

        Assert.Equal([1L], _consumer.Commits);
        Assert.Contains($"Committing {Canned.Topic}-0 at 1 failed: refused by the test", Assert.Single(_logs.WithEventId(1104)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Lag_is_the_age_of_the_oldest_event_not_yet_delivered()
    {
        var committer = Create(lease: null);
        committer.Begin(0);
        var old = DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds();
        var segment = committer.Tracker.Append([0, 1], timestamps: [old, old + 30_000]);

        Assert.InRange(committer.LagSeconds, 59, 70);
        committer.MarkDelivered(segment, 0);
        Assert.InRange(committer.LagSeconds, 29, 40);
        committer.MarkDelivered(segment, 1);
        Assert.Equal(0, committer.LagSeconds);
    }

    [Fact]
    public void An_owners_record_the_broker_forgot_is_restored_not_taken_for_a_newer_owner()
    {
        // Issue 13 item 1. The embedded broker never expires offsets; this fence forgets the claim as Kafka does
        // offsets.retention.minutes after the group's last commit.
        var lease = Claim();
        var committer = Create(lease);
        committer.Begin(0);
        var batch = Canned.Batch(committer.Tracker, (0, "a"), (1, "a"));
        committer.Applied(0, [batch[0]]);
        committer.Commit();

        _fence.Forget();
        committer.Applied(0, [batch[1]]);
        committer.Commit();

        Assert.False(committer.IsFenced, "an empty owners record must not stop the owner");
        Assert.Equal([1L, 2L], _consumer.Commits);
        Assert.Equal(lease.Epoch, _fence.CurrentEpoch);
        Assert.Contains($"ownership claim of {Canned.Topic}-0 was gone", Assert.Single(_logs.WithEventId(1111)).Message, StringComparison.Ordinal);
        Assert.Empty(_logs.WithEventId(1110));
    }

    [Fact]
    public void The_claim_and_an_unchanged_offset_are_committed_again_every_renew_interval()
    {
        // Issue 13 item 1: an idle partition's offset and claim would otherwise expire after the broker's retention.
        var clock = new ManualClock();
        var lease = Claim();
        var committer = Create(lease, clock);
        committer.Begin(7);

        committer.Commit();
        clock.Advance(_options.OffsetRenewInterval - TimeSpan.FromSeconds(1));
        committer.Commit();
        Assert.Empty(_consumer.Commits);
        Assert.Empty(_fence.Renewals);

        clock.Advance(TimeSpan.FromSeconds(1));
        committer.Commit();
        committer.Commit();

        Assert.Equal([7L], _consumer.Commits);
        Assert.Equal([lease.Epoch], _fence.Renewals);
        clock.Advance(_options.OffsetRenewInterval);
        committer.Commit();
        Assert.Equal([7L, 7L], _consumer.Commits);
    }

    [Fact]
    public async Task An_event_holding_the_commit_past_ten_intervals_makes_the_partition_stuck_until_it_is_delivered()
    {
        var committer = Create(lease: null);
        committer.Begin(0);
        var batch = Canned.Batch(committer.Tracker, (0, "a"), (1, "b"));
        committer.Applied(0, [batch[1]]);

        await Deadline.Until(
            () =>
            {
                committer.Commit();
                return _health.Current.Condition == PartitionCondition.Stuck;
            },
            Deadline.Default,
            "the partition to be reported stuck on offset 0");
        Assert.Contains("offset 0", _health.Current.Reason, StringComparison.Ordinal);

        committer.Applied(0, [batch[0]]);
        committer.Commit();
        Assert.Equal(PartitionCondition.Reading, _health.Current.Condition);
    }

    public void Dispose() => _reader.Dispose();

    private PartitionLease Claim()
    {
        var partition = new TopicPartition(Canned.Topic, 0);
        return new PartitionLease(_fence, partition, _fence.Claim(partition, TimeSpan.Zero));
    }

    private PartitionCommitter Create(PartitionLease? lease, TimeProvider? clock = null) => new(Canned.Topic, 0, _options, _consumer, _reader, lease, _logs, clock, _health);
}
