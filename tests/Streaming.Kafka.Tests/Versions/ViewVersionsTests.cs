using ActorViews.Streaming.Kafka.Providers;
using ActorViews.Streaming.Kafka.Status;

namespace ActorViews.Streaming.Kafka.Tests.Versions;

/// <summary>Versions of a view: version 1 is the view as it was; a later one has a name and grain keys of its own.</summary>
public sealed class ViewVersionsTests
{
    public interface IOrderView : IKafkaView<string>;

    public interface IOrderFeed : IKafkaView<string>;

    public interface ITallyView : IKafkaView<string>;

    [Fact]
    public void Version_1_keeps_the_views_name_and_keys_and_a_later_version_carries_its_number()
    {
        Assert.Equal(("order-view", "ORDER-7"), (ViewVersions.Name("order-view", 1), ViewVersions.GrainKey("ORDER-7", 1)));
        Assert.Equal(("order-view@2", "ORDER-7@2"), (ViewVersions.Name("order-view", 2), ViewVersions.GrainKey("ORDER-7", 2)));
        Assert.Equal(("ORDER-7", 12), (ViewVersions.EntityKey("ORDER-7@12"), ViewVersions.VersionOf("ORDER-7@12")));
        Assert.Equal("order-view", ViewVersions.BaseName("order-view@3"));
    }

    [Theory]
    [InlineData("ORDER-7")]
    [InlineData("a@b")]
    [InlineData("mail@")]
    [InlineData("@2")]
    [InlineData("x@1")]
    [InlineData("x@0")]
    public void A_key_without_a_version_suffix_is_version_1_and_its_own_entity(string key)
    {
        Assert.Equal((key, 1), (ViewVersions.EntityKey(key), ViewVersions.VersionOf(key)));
    }

    [Fact]
    public void A_topic_delivers_each_view_once_per_version_its_registry_names_and_a_feed_follows_the_view_it_feeds()
    {
        var options = new KafkaTopicOptions { Name = "orders", Partitions = 4, EventType = typeof(string) }
            .WithView<IOrderView>(ViewStart.End)
            .WithFeed<IOrderFeed, IOrderView>()
            .WithView<ITallyView>();
        var topic = new KafkaTopic(options);
        Assert.Equal(["order-view", "order-feed", "tally-view"], topic.ViewNames);
        Assert.Equal(["order-view", "order-view", "tally-view"], topic.ViewGroups);

        var rebuilding = topic.WithVersions(view => view == "order-view" ? [1, 2] : [1]);
        Assert.Equal(["order-view", "order-view@2", "order-feed", "order-feed@2", "tally-view"], rebuilding.ViewNames);
        Assert.Equal([1, 2, 1, 2, 1], rebuilding.ViewVersions);

        // The building version reads the history whatever the registration says for a view added later.
        Assert.Equal([ViewStart.End, ViewStart.Beginning, ViewStart.Beginning, ViewStart.Beginning, ViewStart.Beginning], rebuilding.NewViewStarts);

        var switched = topic.WithVersions(view => view == "order-view" ? [2] : [1]);
        Assert.Equal(["order-view@2", "order-feed@2", "tally-view"], switched.ViewNames);
        Assert.Equal("order-feed@2", switched.WithOnly(1).ViewNames.Single());
    }

    [Fact]
    public void A_view_being_rebuilt_is_one_line_at_its_current_version_with_the_building_versions_progress()
    {
        KafkaViewStatus[] lines =
        [
            new("order-view", 1, "live", 3, null, null),
            new("order-view@2", 1, "building", 400, 0.6, 1200),
            new("order-feed", 1, "live", 0, null, null),
            new("order-feed@2", 1, "live", 0, null, null),
            new("tally-view", 1, "live", 0, null, null),
        ];
        var versions = new Dictionary<string, KafkaViewVersionInfo>
        {
            ["order-view"] = new("order-view", 1, 2, DateTimeOffset.UnixEpoch, Keep: false),
            ["tally-view"] = new("tally-view", 1, null, null, Keep: false),
        };

        var folded = ViewVersionLines.Fold(lines, versions, view => view == "order-feed" ? "order-view" : view);

        Assert.Equal(["order-view", "order-feed", "tally-view"], folded.Select(l => l.Name));
        var order = folded[0];
        Assert.Equal((1, "building", 3L, (double?)0.6, (double?)1200, (int?)2, (long?)400), (order.Version, order.Status, order.Lag, order.Progress, order.EventsPerSecond, order.BuildingVersion, order.BuildingLag));
        Assert.Equal(("building", (double?)1), (folded[1].Status, folded[1].Progress));
        Assert.Equal(("live", (int?)null), (folded[2].Status, folded[2].BuildingVersion));

        var afterSwitch = ViewVersionLines.Fold(
            [new("order-view@2", 1, "live", 0, null, null)],
            new Dictionary<string, KafkaViewVersionInfo> { ["order-view"] = new("order-view", 2, null, DateTimeOffset.UnixEpoch, Keep: false) },
            view => view);
        Assert.Equal(("order-view", 2, "live"), (afterSwitch.Single().Name, afterSwitch.Single().Version, afterSwitch.Single().Status));
    }
}
