using ActorViews.Streaming.Kafka.Delivery;

namespace ActorViews.Streaming.Kafka.Tests.Delivery;

/// <summary>Where each view starts on a partition, from the partition's start offset, its log's bounds and the views' stored positions.</summary>
public sealed class ViewStartRuleTests
{
    private const long Low = 10;
    private const long High = 200;
    private static readonly string[] Views = ["order-view", "audit-view"];
    private static readonly ViewStart[] FromBeginning = [ViewStart.Beginning, ViewStart.Beginning];

    [Fact]
    public void A_partition_without_any_view_position_starts_every_view_live_at_the_partitions_offset()
    {
        // What a store of the previous version looks like: one offset for all views, nothing per view.
        var starts = ViewStartRule.Resolve(120, Low, High, Views, FromBeginning, new Dictionary<string, long>());

        Assert.Equal([new ViewStartPoint(120, false, -1), new ViewStartPoint(120, false, -1)], starts);
    }

    [Fact]
    public void A_view_ahead_of_the_partition_starts_live_at_its_own_position()
    {
        var stored = new Dictionary<string, long> { ["order-view"] = 150, ["audit-view"] = 120 };

        Assert.Equal([ViewStartPoint.Live(150), ViewStartPoint.Live(120)], ViewStartRule.Resolve(120, Low, High, Views, FromBeginning, stored));
    }

    [Fact]
    public void A_view_behind_the_partition_was_catching_up_and_goes_on_from_its_position()
    {
        // The partition's offset is the minimum over the live views: a view behind it was building when the
        // partition last moved, and its catch-up resumes where it stored its position.
        var stored = new Dictionary<string, long> { ["order-view"] = 90, ["audit-view"] = 130 };

        Assert.Equal([new ViewStartPoint(90, true, 90), ViewStartPoint.Live(130)], ViewStartRule.Resolve(120, Low, High, Views, FromBeginning, stored));
    }

    [Fact]
    public void A_new_view_catches_up_from_the_log_start_by_default_and_starts_live_at_the_log_end_when_registered_so()
    {
        var stored = new Dictionary<string, long> { ["order-view"] = 120 };

        Assert.Equal(new ViewStartPoint(Low, true, -1), ViewStartRule.Resolve(120, Low, High, Views, FromBeginning, stored)[1]);
        Assert.Equal(new ViewStartPoint(High, false, -1), ViewStartRule.Resolve(120, Low, High, Views, [ViewStart.Beginning, ViewStart.End], stored)[1]);
    }

    [Fact]
    public void A_catch_up_never_starts_below_what_retention_left_and_a_log_that_starts_at_the_partition_has_nothing_to_catch_up()
    {
        var stored = new Dictionary<string, long> { ["order-view"] = 120, ["audit-view"] = 4 };

        Assert.Equal(new ViewStartPoint(Low, true, 4), ViewStartRule.Resolve(120, Low, High, Views, FromBeginning, stored)[1]);
        Assert.Equal(new ViewStartPoint(120, false, -1), ViewStartRule.Resolve(120, low: 120, High, Views, FromBeginning, new Dictionary<string, long> { ["order-view"] = 120 })[1]);
    }
}
