using System.Globalization;
using System.Text;
using ActorViews.EmbeddedKafka;
using ActorViews.Integration.Tests.Durability;
using ActorViews.Streaming.Kafka;
using Confluent.Kafka;

namespace ActorViews.Integration.Tests.Replay;

/// <summary>
/// Which dead letters <c>actorviews replay</c> reads: <c>--max</c> continues from the group's position next
/// time, an explicit offset range replays just that range and leaves the position alone.
/// </summary>
public sealed class ReplayRangeTests : IDisposable
{
    private const string Topic = "range-source";
    private const string DeadLetterTopic = Topic + ".dlq";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly EmbeddedKafkaBroker _broker = EmbeddedKafkaBroker.Start();

    public void Dispose() => _broker.Dispose();

    [Fact]
    public async Task Max_resumes_from_the_group_position_and_an_offset_range_leaves_it_alone()
    {
        _broker.CreateTopic(Topic, 1);
        _broker.CreateTopic(DeadLetterTopic, 1);
        await WriteDeadLettersAsync(count: 5);

        var range = await ReplayAsync("--from-offset", "1", "--until-offset", "3");
        Assert.True(range.ExitCode == 0, $"the range replay failed ({range.ExitCode}): {range.Errors}");
        Assert.Equal(["d1", "d2", "d3"], ReplayedKeys());

        var first = await ReplayAsync("--max", "2");
        Assert.True(first.ExitCode == 0, $"the first replay failed ({first.ExitCode}): {first.Errors}");
        Assert.Equal(["d1", "d2", "d3", "d0", "d1"], ReplayedKeys());

        var rest = await ReplayAsync();
        Assert.True(rest.ExitCode == 0, $"the second replay failed ({rest.ExitCode}): {rest.Errors}");
        Assert.Equal(["d1", "d2", "d3", "d0", "d1", "d2", "d3", "d4"], ReplayedKeys());

        var wrongPartition = await ReplayAsync("--partition", "1");
        Assert.Equal(2, wrongPartition.ExitCode);
        Assert.Contains("--partition", wrongPartition.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dead_letter_cut_to_fit_is_named_and_never_written_back()
    {
        _broker.CreateTopic(Topic, 1);
        _broker.CreateTopic(DeadLetterTopic, 1);
        await WriteDeadLettersAsync(count: 3, cut: 1);

        var replay = await ReplayAsync();

        Assert.True(replay.ExitCode == 0, $"the replay failed ({replay.ExitCode}): {replay.Errors}");
        Assert.Equal(["d0", "d2"], ReplayedKeys());
        Assert.Contains("replayed 2, skipped 0 by filter, skipped 0 without a source topic, skipped 1 cut to fit the dead-letter topic", replay.Output, StringComparison.Ordinal);
        Assert.Contains($"{DeadLetterTopic}/0/1 (key d1) keeps only 4 bytes of its value", replay.Errors, StringComparison.Ordinal);
    }

    private async Task WriteDeadLettersAsync(int count, int? cut = null)
    {
        using var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = _broker.BootstrapServers }).Build();
        for (var n = 0; n < count; n++)
        {
            var message = new Message<string, string>
            {
                Key = $"d{n}",
                Value = $"value {n}",
                Headers = new Headers
                {
                    { DeadLetterHeaders.Reason, Encoding.UTF8.GetBytes("rejected") },
                    { DeadLetterHeaders.SourceTopic, Encoding.UTF8.GetBytes(Topic) },
                    { DeadLetterHeaders.SourcePartition, "0"u8.ToArray() },
                    { DeadLetterHeaders.SourceOffset, Encoding.UTF8.GetBytes(n.ToString(CultureInfo.InvariantCulture)) },
                },
            };
            if (n == cut)
            {
                // As the provider writes a dead letter the broker refused whole: a prefix of the value, and its size.
                message.Value = message.Value[..4];
                message.Headers.Add(DeadLetterHeaders.OriginalSize, "2000000"u8.ToArray());
                message.Headers.Add(DeadLetterHeaders.Truncated, "4"u8.ToArray());
            }

            await producer.ProduceAsync(new TopicPartition(DeadLetterTopic, 0), message);
        }
    }

    private string[] ReplayedKeys() =>
        [.. TopicReader.ReadAll(_broker.BootstrapServers, Topic, 1, Timeout).Select(r => r.Key)];

    private Task<CliRun> ReplayAsync(params string[] options) =>
        CliRun.RunAsync(["replay", "--bootstrap-servers", _broker.BootstrapServers, "--topic", DeadLetterTopic, .. options]);
}
