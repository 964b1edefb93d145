using System.Text;
using ActorViews.Streaming.Kafka.Delivery;
using ActorViews.Tests.Shared;
using ErrorCode = Confluent.Kafka.ErrorCode;

namespace ActorViews.Streaming.Kafka.Tests.Delivery;

/// <summary>
/// Dead letters the broker refuses. The embedded broker has no broker-side size limit, so a producer that
/// refuses as a real broker's message.max.bytes would stands in for it here.
/// </summary>
public sealed class DeadLetterWriterTests
{
    private readonly RecordingProducer _producer = new();
    private readonly RecordedLogs _logs = new();
    private readonly DeadLetterWriter _writer;

    public DeadLetterWriterTests() => _writer = new DeadLetterWriter(_producer, TimeSpan.FromMilliseconds(1), _logs);

    [Fact]
    public async Task A_dead_letter_refused_as_too_large_is_written_with_as_much_of_its_value_as_fits()
    {
        // Issue 13 item 2: such a message was retried every 200 ms forever, without a log line.
        const int limit = 300;
        var value = Encoding.UTF8.GetBytes(new string('x', 1000));
        _producer.Refuse = (v, _) => v?.Length > limit ? ErrorCode.MsgSizeTooLarge : null;
        var raw = Canned.Raw(17, "big", Encoding.UTF8.GetString(value));

        await Deadline.Within(_writer.WriteAsync(Canned.Things(), raw, "The value is 1000 bytes, over the limit of 500.", CancellationToken.None), Deadline.Default, "the dead letter written, cut to fit");

        var dead = Assert.Single(_producer.Written);
        Assert.Equal(250, dead.Value!.Length);
        Assert.Equal(value[..250], dead.Value);
        Assert.Equal("1000", Header(dead.Headers, DeadLetterHeaders.OriginalSize));
        Assert.Equal("250", Header(dead.Headers, DeadLetterHeaders.Truncated));
        Assert.Equal("The value is 1000 bytes, over the limit of 500.", Header(dead.Headers, DeadLetterHeaders.Reason));
        Assert.Equal("17", Header(dead.Headers, DeadLetterHeaders.SourceOffset));
        var warning = Assert.Single(_logs.WithEventId(1121));
        Assert.Contains($"{Canned.Topic}-0@17 to {Canned.Topic}.dlq was refused as too large (1000 bytes", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_write_failing_for_a_while_is_retried_and_each_kind_of_failure_logged_once()
    {
        var refusals = 0;
        _producer.Refuse = (_, _) => ++refusals switch
        {
            <= 3 => ErrorCode.LeaderNotAvailable,
            <= 5 => ErrorCode.RequestTimedOut,
            _ => null,
        };

        await Deadline.Within(_writer.WriteAsync(Canned.Things(), Canned.Raw(3, "a", "{"), "not a Thing", CancellationToken.None), Deadline.Default, "the dead letter written once the broker accepts it");

        var dead = Assert.Single(_producer.Written);
        Assert.Equal("{", Encoding.UTF8.GetString(dead.Value!));
        Assert.Null(dead.Headers.FirstOrDefault(h => h.Key == DeadLetterHeaders.Truncated));
        Assert.Equal(2, _logs.WithEventId(1120).Count);
    }

    private static string Header(Confluent.Kafka.Headers headers, string name) => Encoding.UTF8.GetString(headers.GetLastBytes(name));
}
