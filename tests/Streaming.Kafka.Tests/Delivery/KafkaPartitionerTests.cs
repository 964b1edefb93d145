using System.Text;

namespace ActorViews.Streaming.Kafka.Tests.Delivery;

public sealed class KafkaPartitionerTests
{
    // Reference values of Apache Kafka's Java murmur2 (org.apache.kafka.common.utils.Utils.murmur2).
    [Theory]
    [InlineData("21", -973932308)]
    [InlineData("foobar", -790332482)]
    [InlineData("a-little-bit-long-string", -985981536)]
    [InlineData("a-little-bit-longer-string", -1486304829)]
    [InlineData("lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8", -58897971)]
    [InlineData("abc", 479470107)]
    public void Murmur2_matches_the_Java_client(string key, int expected)
    {
        Assert.Equal(expected, KafkaPartitioner.Murmur2(Encoding.UTF8.GetBytes(key)));
    }

    [Fact]
    public void Partition_is_the_positive_hash_modulo_the_partition_count()
    {
        var hash = KafkaPartitioner.Murmur2("foobar"u8);

        Assert.Equal((hash & 0x7fffffff) % 8, KafkaPartitioner.PartitionFor("foobar", 8));
        Assert.InRange(KafkaPartitioner.PartitionFor("foobar", 8), 0, 7);
    }

    [Fact]
    public void Partition_count_must_be_positive()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => KafkaPartitioner.PartitionFor("k", 0));
    }
}
