using System.Text;
using ActorViews.Streaming.Kafka.Delivery;
using ActorViews.Streaming.Kafka.Providers;
using Confluent.Kafka;

namespace ActorViews.Streaming.Kafka.Tests.Delivery;

public sealed class MessageDecoderTests
{
    private readonly MessageDecoder _decoder;

    public MessageDecoderTests()
    {
        var options = new KafkaTopicOptions { Name = "things", Partitions = 1, EventType = typeof(Thing) }
            .WithEventType<Gadget>("gadget");
        _decoder = new MessageDecoder(new KafkaTopic(options), new JsonEventSerializer(), maxMessageBytes: 200);
    }

    [Fact]
    public void A_valid_message_becomes_its_event()
    {
        var decoded = _decoder.Decode(Raw("k1", """{"id":"k1","size":3,"colour":"Red"}"""));

        Assert.Null(decoded.FailureReason);
        Assert.Equal("k1", decoded.Key);
        Assert.Equal(new Thing("k1", 3, Colour.Red), decoded.Event);
    }

    [Fact]
    public void The_type_header_selects_a_declared_subtype()
    {
        var decoded = _decoder.Decode(Raw("k1", """{"id":"k1","size":3,"colour":"Blue","volts":12}""", ("type", "gadget")));

        Assert.Equal(new Gadget("k1", 3, Colour.Blue, 12), decoded.Event);
    }

    [Theory]
    [InlineData(null, """{"id":"1","size":1,"colour":"Red"}""", "no key")]
    [InlineData("", """{"id":"1","size":1,"colour":"Red"}""", "no key")]
    [InlineData("k", null, "no value")]
    [InlineData("k", "{not json", "not a valid Thing")]
    [InlineData("k", """{"id":"1","size":"three","colour":"Red"}""", "not a valid Thing")]
    [InlineData("k", """{"id":"1","size":1,"colour":"Purple"}""", "not a valid Thing")]
    [InlineData("k", """{"size":1,"colour":"Red"}""", "not a valid Thing")]
    [InlineData("k", "null", "not a valid Thing")]
    public void A_message_that_cannot_become_an_event_says_why(string? key, string? value, string reason)
    {
        var decoded = _decoder.Decode(Raw(key, value));

        Assert.Null(decoded.Event);
        Assert.Contains(reason, decoded.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_type_header_is_refused()
    {
        var decoded = _decoder.Decode(Raw("k", """{"id":"1","size":1,"colour":"Red"}""", ("type", "widget")));

        Assert.Contains("'widget'", decoded.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_oversized_value_is_refused()
    {
        var decoded = _decoder.Decode(Raw("k", $$"""{"id":"{{new string('x', 300)}}","size":1,"colour":"Red"}"""));

        Assert.Contains("over the limit of 200", decoded.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_that_is_not_UTF8_is_refused()
    {
        var raw = Raw("k", """{"id":"1","size":1,"colour":"Red"}""");
        raw.Message.Key = [0xff, 0xfe];

        Assert.Contains("not valid UTF-8", _decoder.Decode(raw).FailureReason, StringComparison.Ordinal);
    }

    private static ConsumeResult<byte[]?, byte[]?> Raw(string? key, string? value, params (string Name, string Value)[] headers)
    {
        var message = new Message<byte[]?, byte[]?>
        {
            Key = key is null ? null : Encoding.UTF8.GetBytes(key),
            Value = value is null ? null : Encoding.UTF8.GetBytes(value),
            Headers = [],
        };
        foreach (var (name, headerValue) in headers)
        {
            message.Headers.Add(name, Encoding.UTF8.GetBytes(headerValue));
        }

        return new ConsumeResult<byte[]?, byte[]?>
        {
            Message = message,
            TopicPartitionOffset = new TopicPartitionOffset("things", 0, 7),
        };
    }
}
