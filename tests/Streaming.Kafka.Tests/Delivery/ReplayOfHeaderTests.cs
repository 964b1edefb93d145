using System.Text;
using ActorViews.Streaming.Kafka.Delivery;
using ActorViews.Streaming.Kafka.Providers;
using Confluent.Kafka;

namespace ActorViews.Streaming.Kafka.Tests.Delivery;

/// <summary>The decoder hands a replay's first position to the views only when the replay landed in the partition it came from.</summary>
public sealed class ReplayOfHeaderTests
{
    private readonly MessageDecoder _decoder = new(
        new KafkaTopic(new KafkaTopicOptions { Name = "things", Partitions = 2, EventType = typeof(Thing) }),
        new JsonEventSerializer(),
        maxMessageBytes: 200);

    [Theory]
    [InlineData("things/0/3", 3L)]
    [InlineData("other/0/3", null)]
    [InlineData("things/1/3", null)]
    [InlineData("things/0/9", null)]
    [InlineData("things/0/x", null)]
    [InlineData("garbage", null)]
    public void The_first_offset_of_a_replay_into_its_own_partition_reaches_the_event(string replayOf, long? expected)
    {
        var message = new Message<byte[]?, byte[]?>
        {
            Key = "k1"u8.ToArray(),
            Value = """{"id":"k1","size":3,"colour":"Red"}"""u8.ToArray(),
            Headers = [new Header(DeadLetterHeaders.ReplayOf, Encoding.UTF8.GetBytes(replayOf))],
        };

        var decoded = _decoder.Decode(new ConsumeResult<byte[]?, byte[]?> { Message = message, TopicPartitionOffset = new TopicPartitionOffset("things", 0, 7) });

        Assert.Null(decoded.FailureReason);
        Assert.Equal(expected, decoded.ReplayOf);
    }
}
