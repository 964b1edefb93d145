namespace ActorViews.Streaming.Kafka.Tests.Delivery;

public sealed class KafkaPartitionKeyTests
{
    [Theory]
    [InlineData("orders", 0)]
    [InlineData("orders.v2", 11)]
    public void A_partition_key_reads_back_as_its_topic_and_partition(string topic, int partition)
    {
        var key = KafkaPartitionKey.Of(topic, partition);

        Assert.Equal($"{topic}/{partition}", key);
        Assert.True(KafkaPartitionKey.TryParse(key, out var parsedTopic, out var parsedPartition));
        Assert.Equal((topic, partition), (parsedTopic, parsedPartition));
    }

    [Theory]
    [InlineData("orders")]
    [InlineData("/3")]
    [InlineData("orders/")]
    [InlineData("orders/-1")]
    [InlineData("orders/x")]
    public void A_key_that_names_no_partition_is_not_a_partition_key(string key) =>
        Assert.False(KafkaPartitionKey.TryParse(key, out _, out _));
}
