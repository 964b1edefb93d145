using ActorViews.Streaming.Kafka.Delivery;

namespace ActorViews.Streaming.Kafka.Tests.Delivery;

/// <summary>Where each view starts on a partition, from the partition's start offset and the views' stored positions.</summary>
public sealed class ViewStartRuleTests
{
    private static readonly string[] Views = ["order-view", "audit-view"];

    [Fact]
    public void A_partition_without_any_view_position_starts_every_view_at_the_partitions_offset()
    {
        // What a store of the previous version looks like: one offset for all views, nothing per view.
        Assert.Equal([120L, 120L], ViewStartRule.Resolve(120, Views, new Dictionary<string, long>()));
    }

    [Fact]
    public void A_view_ahead_of_the_partition_starts_at_its_own_position()
    {
        var stored = new Dictionary<string, long> { ["order-view"] = 150, ["audit-view"] = 120 };

        Assert.Equal([150L, 120L], ViewStartRule.Resolve(120, Views, stored));
    }

    [Fact]
    public void A_position_behind_the_partition_starts_at_the_partitions_offset()
    {
        // The partition's offset is committed after the views', so a stored view position behind it is one
        // whose commit was lost; the partition's offset only passed what every view applied.
        var stored = new Dictionary<string, long> { ["order-view"] = 90, ["audit-view"] = 130 };

        Assert.Equal([120L, 130L], ViewStartRule.Resolve(120, Views, stored));
    }
}
