using ActorViews.Streaming.Kafka.Placement;

namespace ActorViews.Streaming.Kafka.Tests.Providers;

/// <summary>Which partition a grain placed by <see cref="KafkaPartitionPlacementAttribute"/> belongs to.</summary>
public sealed class PartitionPlacementTests
{
    [Fact]
    public void A_message_key_belongs_to_the_partition_the_producer_writes_it_to()
    {
        foreach (var key in new[] { "JUMPERS", "7", "customer-42" })
        {
            Assert.Equal(KafkaPartitioner.PartitionFor(key, 8), KafkaPartitionPlacementDirector.PartitionOf(key, "orders", 8));
        }
    }

    [Fact]
    public void A_partition_views_key_belongs_to_the_partition_it_names()
    {
        Assert.Equal(5, KafkaPartitionPlacementDirector.PartitionOf(KafkaPartitionKey.Of("orders", 5), "orders", 8));
    }

    [Fact]
    public void A_key_naming_another_topic_or_a_partition_the_topic_lacks_is_hashed_like_any_message_key()
    {
        foreach (var key in new[] { KafkaPartitionKey.Of("payments", 5), KafkaPartitionKey.Of("orders", 9) })
        {
            Assert.Equal(KafkaPartitioner.PartitionFor(key, 8), KafkaPartitionPlacementDirector.PartitionOf(key, "orders", 8));
        }
    }
}
