using System.Text;
using Confluent.Kafka;

namespace ActorViews.Streaming.Kafka.Tests.Delivery;

/// <summary>How a message of a dead-letter topic is read, for the status page and for replay alike.</summary>
public sealed class DeadLetterRecordTests
{
    [Fact]
    public void The_provider_headers_say_why_and_where_from()
    {
        var record = new DeadLetterRecord(Consumed(Encoding.UTF8.GetBytes("order-7"), ProviderHeaders(), offset: 41));

        Assert.Equal("orders.dlq/2/41", record.Position);
        Assert.Equal("order-7", record.Key);
        Assert.Equal("unknown currency", record.Reason);
        Assert.Equal("orders", record.SourceTopic);
        Assert.Equal("5", record.SourcePartition);
        Assert.Equal("1234", record.SourceOffset);
        Assert.Equal(new DateTimeOffset(2026, 12, 7, 10, 0, 0, TimeSpan.Zero), record.Timestamp);
    }

    [Fact]
    public void A_key_that_is_not_text_shows_as_hex_and_a_missing_one_as_null()
    {
        Assert.Equal("0xFF00C3", new DeadLetterRecord(Consumed([0xFF, 0x00, 0xC3], ProviderHeaders(), offset: 1)).Key);
        Assert.Null(new DeadLetterRecord(Consumed(null, ProviderHeaders(), offset: 1)).Key);
    }

    [Fact]
    public void An_empty_or_missing_source_topic_is_none()
    {
        var empty = new Headers { { DeadLetterHeaders.SourceTopic, [] } };

        Assert.Null(new DeadLetterRecord(Consumed(null, empty, offset: 1)).SourceTopic);
        Assert.Null(new DeadLetterRecord(Consumed(null, [], offset: 1)).SourceTopic);
    }

    [Fact]
    public void A_replay_is_the_original_message_marked_with_this_dead_letter_only()
    {
        var headers = ProviderHeaders();
        headers.Add("trace-id", Encoding.UTF8.GetBytes("abc"));
        headers.Add(DeadLetterHeaders.ReplayedFrom, Encoding.UTF8.GetBytes("orders.dlq/0/3"));
        var record = new DeadLetterRecord(Consumed(Encoding.UTF8.GetBytes("order-7"), headers, offset: 41));

        var replay = record.ToReplay();

        Assert.Equal("order-7", Encoding.UTF8.GetString(replay.Key!));
        Assert.Equal("{\"id\":\"order-7\"}", Encoding.UTF8.GetString(replay.Value!));
        Assert.Equal(
            [("trace-id", "abc"), (DeadLetterHeaders.ReplayedFrom, "orders.dlq/2/41"), (DeadLetterHeaders.ReplayOf, "orders/5/1234")],
            replay.Headers.Select(h => (h.Key, Encoding.UTF8.GetString(h.GetValueBytes()))).ToArray());
    }

    [Fact]
    public void A_dead_letter_cut_to_fit_says_how_much_it_keeps_and_a_whole_one_says_nothing()
    {
        var headers = ProviderHeaders();
        headers.Add(DeadLetterHeaders.OriginalSize, Encoding.UTF8.GetBytes("1100000"));
        headers.Add(DeadLetterHeaders.Truncated, Encoding.UTF8.GetBytes("524288"));

        Assert.Equal("524288", new DeadLetterRecord(Consumed(null, headers, offset: 1)).TruncatedTo);
        Assert.Null(new DeadLetterRecord(Consumed(null, ProviderHeaders(), offset: 1)).TruncatedTo);
    }

    private static Headers ProviderHeaders() => new()
    {
        { DeadLetterHeaders.Reason, Encoding.UTF8.GetBytes("unknown currency") },
        { DeadLetterHeaders.SourceTopic, Encoding.UTF8.GetBytes("orders") },
        { DeadLetterHeaders.SourcePartition, Encoding.UTF8.GetBytes("5") },
        { DeadLetterHeaders.SourceOffset, Encoding.UTF8.GetBytes("1234") },
    };

    private static ConsumeResult<byte[]?, byte[]?> Consumed(byte[]? key, Headers headers, long offset) => new()
    {
        TopicPartitionOffset = new TopicPartitionOffset("orders.dlq", 2, offset),
        Message = new Message<byte[]?, byte[]?>
        {
            Key = key,
            Value = Encoding.UTF8.GetBytes("{\"id\":\"order-7\"}"),
            Headers = headers,
            Timestamp = new Timestamp(new DateTime(2026, 12, 7, 10, 0, 0, DateTimeKind.Utc)),
        },
    };
}
