using ActorViews.Streaming.Kafka.Delivery;

namespace ActorViews.Streaming.Kafka.Tests.Delivery;

public sealed class OffsetTrackerTests
{
    [Fact]
    public void Nothing_read_commits_the_start_offset()
    {
        var tracker = new OffsetTracker(42);

        Assert.Equal(42, tracker.CommittableOffset());
    }

    [Fact]
    public void A_gap_holds_the_commit_back_until_it_is_delivered()
    {
        var tracker = new OffsetTracker(10);
        var segment = tracker.Append([10, 11, 12, 13]);

        tracker.MarkDelivered(segment, 0);
        tracker.MarkDelivered(segment, 2);
        tracker.MarkDelivered(segment, 3);
        Assert.Equal(11, tracker.CommittableOffset());

        tracker.MarkDelivered(segment, 1);
        Assert.Equal(14, tracker.CommittableOffset());
    }

    [Fact]
    public void An_undelivered_offset_in_an_older_batch_holds_back_newer_batches()
    {
        var tracker = new OffsetTracker(0);
        var first = tracker.Append([0, 1]);
        var second = tracker.Append([2, 3]);

        tracker.MarkDelivered(second, 0);
        tracker.MarkDelivered(second, 1);
        tracker.MarkDelivered(first, 0);

        Assert.Equal(1, tracker.CommittableOffset());
        Assert.Equal(1, tracker.InFlight);
    }

    [Fact]
    public void Gaps_between_offsets_from_compaction_are_not_waited_for()
    {
        var tracker = new OffsetTracker(5);
        var segment = tracker.Append([5, 9, 20]);

        tracker.MarkDelivered(segment, 0);
        tracker.MarkDelivered(segment, 1);
        Assert.Equal(20, tracker.CommittableOffset());

        tracker.MarkDelivered(segment, 2);
        Assert.Equal(21, tracker.CommittableOffset());
    }

    [Fact]
    public void An_offset_with_two_deliveries_counts_only_when_both_reported()
    {
        var tracker = new OffsetTracker(0);
        var segment = tracker.Append([0], [2]);

        tracker.MarkDelivered(segment, 0);
        Assert.Equal(0, tracker.CommittableOffset());

        tracker.MarkDelivered(segment, 0);
        Assert.Equal(1, tracker.CommittableOffset());
    }

    [Fact]
    public void Reading_backwards_is_refused()
    {
        var tracker = new OffsetTracker(0);
        tracker.Append([0, 1, 2]);

        Assert.Throws<InvalidOperationException>(() => tracker.Append([1]));
    }
}
