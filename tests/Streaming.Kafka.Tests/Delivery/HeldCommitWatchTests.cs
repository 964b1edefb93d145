using ActorViews.Streaming.Kafka.Delivery;

namespace ActorViews.Streaming.Kafka.Tests.Delivery;

public sealed class HeldCommitWatchTests
{
    private readonly HeldCommitWatch _watch = new(TimeSpan.FromSeconds(10));

    [Fact]
    public void An_offset_in_flight_past_the_threshold_is_reported_once_and_again_when_it_moves()
    {
        Assert.Equal(HeldCommitWatch.Change.None, _watch.Observe(5, inFlight: true, nowMs: 1_000));
        Assert.Equal(HeldCommitWatch.Change.None, _watch.Observe(5, inFlight: true, nowMs: 10_999));

        Assert.Equal(HeldCommitWatch.Change.HeldBack, _watch.Observe(5, inFlight: true, nowMs: 11_000));
        Assert.Equal((5, TimeSpan.FromSeconds(10)), (_watch.Offset, _watch.HeldFor));

        // Every later tick at the same offset stays quiet.
        Assert.Equal(HeldCommitWatch.Change.None, _watch.Observe(5, inFlight: true, nowMs: 30_000));
        Assert.Equal(HeldCommitWatch.Change.None, _watch.Observe(5, inFlight: true, nowMs: 60_000));

        Assert.Equal(HeldCommitWatch.Change.Released, _watch.Observe(9, inFlight: true, nowMs: 61_000));
        Assert.Equal((5, TimeSpan.FromSeconds(60)), (_watch.Offset, _watch.HeldFor));
    }

    [Fact]
    public void A_new_offset_in_flight_starts_its_own_clock()
    {
        _watch.Observe(5, inFlight: true, nowMs: 0);
        Assert.Equal(HeldCommitWatch.Change.None, _watch.Observe(6, inFlight: true, nowMs: 9_000));
        Assert.Equal(HeldCommitWatch.Change.None, _watch.Observe(6, inFlight: true, nowMs: 18_000));
        Assert.Equal(HeldCommitWatch.Change.HeldBack, _watch.Observe(6, inFlight: true, nowMs: 19_000));
        Assert.Equal(6, _watch.Offset);
    }

    [Fact]
    public void A_commit_at_the_end_of_what_was_read_is_never_held_back()
    {
        Assert.Equal(HeldCommitWatch.Change.None, _watch.Observe(5, inFlight: false, nowMs: 0));
        Assert.Equal(HeldCommitWatch.Change.None, _watch.Observe(5, inFlight: false, nowMs: 60_000));
    }

    [Fact]
    public void A_held_offset_whose_message_is_delivered_with_nothing_after_it_is_released()
    {
        _watch.Observe(5, inFlight: true, nowMs: 0);
        Assert.Equal(HeldCommitWatch.Change.HeldBack, _watch.Observe(5, inFlight: true, nowMs: 20_000));

        Assert.Equal(HeldCommitWatch.Change.Released, _watch.Observe(6, inFlight: false, nowMs: 25_000));
        Assert.Equal((5, TimeSpan.FromSeconds(25)), (_watch.Offset, _watch.HeldFor));
        Assert.Equal(HeldCommitWatch.Change.None, _watch.Observe(6, inFlight: false, nowMs: 90_000));
    }
}
