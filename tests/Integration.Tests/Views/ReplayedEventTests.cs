using ActorViews.Grains;
using ActorViews.Streaming.Kafka;

namespace ActorViews.Integration.Tests.Views;

/// <summary>A dead letter written back by <c>actorviews replay</c> is applied only by views that have not applied it, or a newer version of its key.</summary>
public sealed class ReplayedEventTests
{
    [Fact]
    public void A_replayed_order_version_older_than_the_one_applied_does_not_take_the_view_back()
    {
        var view = new OrderViewState();
        view.Apply(Topics.Orders, 3, Event(10, OrderState.Created), "log");
        view.Apply(Topics.Orders, 3, Event(50, OrderState.Validated), "log");

        // The CREATED event was dead-lettered by another view of orders, and replayed at offset 100.
        var applied = view.Apply(Topics.Orders, 3, Event(100, OrderState.Created, replayOf: 10), "log");

        Assert.False(applied);
        Assert.Equal(OrderState.Validated, view.Order!.State);
        Assert.Equal(100, view.Offsets.Get(Topics.Orders, 3));
        Assert.False(view.Apply(Topics.Orders, 3, Event(100, OrderState.Created, replayOf: 10), "log"));
    }

    [Fact]
    public void A_view_that_never_got_as_far_as_the_dead_lettered_event_applies_its_replay()
    {
        var router = new AppliedOffsets();
        router.TakeNewVersions(Batch(new KafkaEvent<int>(4, DateTimeOffset.UnixEpoch, 4)));

        var fresh = router.TakeNewVersions(Batch(new KafkaEvent<int>(100, DateTimeOffset.UnixEpoch, 10, ReplayOf: 10)));

        Assert.Equal([100L], fresh.Select(e => e.Offset));
    }

    [Fact]
    public void A_view_whose_events_add_up_applies_every_replay_and_one_of_versions_skips_a_passed_one()
    {
        var sums = new AppliedOffsets();
        var versions = new AppliedOffsets();
        var passed = Batch(new KafkaEvent<int>(50, DateTimeOffset.UnixEpoch, 50));
        var replay = Batch(new KafkaEvent<int>(100, DateTimeOffset.UnixEpoch, 10, ReplayOf: 10));
        sums.TakeNew(passed);
        versions.TakeNewVersions(passed);

        // The sum cannot tell offset 10 applied from offset 10 failed, and a lost deposit is worse than none.
        Assert.Equal([100L], sums.TakeNew(replay).Select(e => e.Offset));
        Assert.Empty(versions.TakeNewVersions(replay));
        Assert.Equal(100, versions.Get(Topics.Orders, 3));
    }

    private static KafkaEventBatch<int> Batch(KafkaEvent<int> e) => new(Topics.Orders, 3, [e], "log");

    private static KafkaEvent<Order> Event(long offset, OrderState state, long? replayOf = null) =>
        new(offset, DateTimeOffset.UnixEpoch, new Order("o-1", 7, state, Product.Jumpers, 1, 1m), replayOf);
}
