using ActorViews.Streaming.Kafka.Delivery;
using ActorViews.Streaming.Kafka.Providers;
using ActorViews.Tests.Shared;

namespace ActorViews.Streaming.Kafka.Tests.Delivery;

/// <summary>The Orleans stream side of a partition: capacity, and what counts as the stream consumers' delivery.</summary>
public sealed class StreamItemQueueTests : IDisposable
{
    private readonly OffsetTracker _tracker = new(0);
    private readonly StreamItemQueue _queue;

    public StreamItemQueueTests() =>
        _queue = new StreamItemQueue(Canned.Topic, 0, capacity: 2, (segment, index) => _tracker.MarkDelivered(segment, index));

    [Fact]
    public async Task A_full_queue_holds_the_intake_until_the_pulling_agent_takes_events()
    {
        var batch = Canned.Batch(_tracker, (0, "a"), (1, "b"), (2, "a"));
        await _queue.AddAsync(batch[0], CancellationToken.None);
        await _queue.AddAsync(batch[1], CancellationToken.None);
        var third = _queue.AddAsync(batch[2], CancellationToken.None);

        Assert.False(third.IsCompleted, "a third event must wait while two wait for the pulling agent");
        var taken = _queue.Take(1);
        await Deadline.Within(third, Deadline.Default, "the third event queued once one was taken");

        var first = Assert.IsType<KafkaBatchContainer>(Assert.Single(taken));
        Assert.Equal(0, first.Token.SequenceNumber);
        Assert.Equal("a", first.StreamId.GetKeyAsString());
        Assert.Equal(Canned.Topic, first.StreamId.GetNamespace());
        Assert.Equal([1L, 2L], _queue.Take(10).Cast<KafkaBatchContainer>().Select(c => c.Token.SequenceNumber));
    }

    [Fact]
    public async Task Events_reported_delivered_let_the_commit_pass_them()
    {
        var batch = Canned.Batch(_tracker, (0, "a"), (1, "b"), (2, "a"));
        foreach (var message in batch.Take(2))
        {
            await _queue.AddAsync(message, CancellationToken.None);
        }

        _queue.MarkDelivered(_queue.Take(10));

        Assert.Equal(2, _tracker.CommittableOffset());
        Assert.Equal(0, _queue.PendingCount);
    }

    [Fact]
    public async Task A_dead_lettered_event_counts_as_delivered_and_is_no_longer_pending()
    {
        var batch = Canned.Batch(_tracker, (0, "a"));
        await _queue.AddAsync(batch[0], CancellationToken.None);

        Assert.True(_queue.TryGetPending(0, out var raw));
        Assert.Equal(0, raw.Offset.Value);
        _queue.MarkDeadLettered(0);

        Assert.False(_queue.TryGetPending(0, out _));
        Assert.Equal(1, _tracker.CommittableOffset());
    }

    [Fact]
    public async Task On_a_topic_with_views_too_a_stream_delivery_reported_again_leaves_the_views_share_pending()
    {
        // Issue 13 item 6: each event of a topic with views and streams waits for two deliveries.
        var segment = _tracker.Append([0, 1], parts: [2, 2]);
        var batch = Canned.Batch(new OffsetTracker(0), (0, "a"), (1, "b")).Select(m => m with { Segment = segment }).ToArray();
        foreach (var message in batch)
        {
            await _queue.AddAsync(message, CancellationToken.None);
        }

        var taken = _queue.Take(10);
        _queue.MarkDeadLettered(0);
        _queue.MarkDelivered(taken);
        _queue.MarkDelivered(taken);

        Assert.Equal(0, _tracker.CommittableOffset());
        Assert.Equal(2, _tracker.InFlight);
        _tracker.MarkDelivered(segment, 0);
        _tracker.MarkDelivered(segment, 1);
        Assert.Equal(2, _tracker.CommittableOffset());
    }

    public void Dispose() => _queue.Dispose();
}
