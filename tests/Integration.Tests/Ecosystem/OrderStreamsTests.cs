using ActorViews.Ecosystem;
using ActorViews.Grains;
using ActorViews.Streaming.Kafka;
using Microsoft.Extensions.Configuration;

namespace ActorViews.Integration.Tests.Ecosystem;

/// <summary>The ecosystem's provider configuration: the router reads whole partitions, and affinity can be switched off to compare.</summary>
public sealed class OrderStreamsTests
{
    [Theory]
    [InlineData(null, true)]
    [InlineData("true", true)]
    [InlineData("False", false)]
    public void Kafka_PartitionAffinity_sets_the_providers_partition_affinity(string? setting, bool expected)
    {
        var options = Configure(setting is null ? [] : new() { [OrderStreams.PartitionAffinityKey] = setting });

        Assert.Equal(expected, options.PartitionAffinity);
    }

    [Fact]
    public void A_partition_affinity_that_is_not_true_or_false_is_refused_naming_the_key()
    {
        var failure = Assert.Throws<InvalidOperationException>(() => Configure(new() { [OrderStreams.PartitionAffinityKey] = "1" }));

        Assert.Equal("Configuration 'Kafka:PartitionAffinity' must be true or false; it is '1'.", failure.Message);
    }

    [Fact]
    public void The_router_reads_whole_orders_partitions_and_products_and_customers_read_the_internal_topics_by_key()
    {
        var topics = Configure([]).Topics.ToDictionary(t => t.Name);

        Assert.Equal(Topics.All.Order(), topics.Keys.Order());
        Assert.Equal([typeof(IOrderRouter)], topics[Topics.Orders].PartitionViews);
        Assert.Equal([typeof(IOrderView)], topics[Topics.Orders].Views);
        Assert.Equal([typeof(IInventoryRequests)], topics[Topics.InventoryRequests].Views);
        Assert.Equal([typeof(ICustomerOrders)], topics[Topics.CustomerOrders].Views);
        Assert.All(Topics.Internal, topic => Assert.Contains(topic, Topics.All));
    }

    [Theory]
    [InlineData(null, 60)]
    [InlineData("00:00:05", 5)]
    public void Kafka_ReplacedVersionDeleteDelay_sets_how_long_after_a_rebuilds_switch_the_old_version_is_deleted(string? setting, int seconds)
    {
        var options = Configure(setting is null ? [] : new() { [OrderStreams.ReplacedVersionDeleteDelayKey] = setting });

        Assert.Equal(TimeSpan.FromSeconds(seconds), options.ReplacedVersionDeleteDelay);
    }

    [Theory]
    [InlineData("soon")]
    [InlineData("-00:00:05")]
    public void A_delete_delay_that_is_not_a_positive_time_span_is_refused_naming_the_key(string setting)
    {
        var failure = Assert.Throws<InvalidOperationException>(() => Configure(new() { [OrderStreams.ReplacedVersionDeleteDelayKey] = setting }));

        Assert.Equal($"Configuration 'Kafka:ReplacedVersionDeleteDelay' must be a positive time span (e.g. 00:01:00); it is '{setting}'.", failure.Message);
    }

    [Fact]
    public void The_views_fed_from_other_topics_are_rebuilt_with_the_view_whose_grains_keep_their_events()
    {
        var topics = Configure([]).Topics.ToDictionary(t => t.Name);

        Assert.Equal(typeof(IOrderView), topics[Topics.OrderValidations].Feeds[typeof(IOrderValidationsFeed)]);
        Assert.Equal(typeof(IOrderView), topics[Topics.Payments].Feeds[typeof(IPaymentFeed)]);
        Assert.Equal(typeof(IInventoryView), topics[Topics.InventoryRequests].Feeds[typeof(IInventoryRequests)]);
        Assert.Equal(typeof(ICustomerView), topics[Topics.CustomerOrders].Feeds[typeof(ICustomerOrders)]);
        Assert.Empty(topics[Topics.Orders].Feeds);
    }

    private static KafkaStreamOptions Configure(Dictionary<string, string?> settings)
    {
        var options = new KafkaStreamOptions();
        OrderStreams.Read(new ConfigurationBuilder().AddInMemoryCollection(settings).Build()).ApplyTo(options, "127.0.0.1:9");
        return options;
    }
}
