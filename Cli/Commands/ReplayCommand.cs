using System.CommandLine;
using ActorViews.Cli.CommandLine;
using ActorViews.Streaming.Kafka;
using Confluent.Kafka;

namespace ActorViews.Cli.Commands;

/// <summary>
/// <c>actorviews replay</c>: writes dead letters back to the topic they came from, after the view or the data
/// has been fixed. It reads from the replay group's committed position up to the end the topic had when it
/// started, and commits only what the broker acknowledged, so a second run replays nothing twice.
/// </summary>
internal sealed class ReplayCommand : DocumentedCommand
{
    // Acknowledged and committed in steps, so an interrupted run repeats at most this many messages.
    private const int BatchSize = 500;
    private const string ClientId = "actorviews-replay";
    private static readonly TimeSpan BrokerTimeout = TimeSpan.FromSeconds(30);

    private readonly Option<string> _bootstrapServers = CheckedOptions.Text("--bootstrap-servers", "LIST", "the brokers", required: true);
    private readonly Option<string> _topic = CheckedOptions.Text("--topic", "TOPIC", "the dead-letter topic to read (e.g. orders.dlq)", required: true);
    private readonly Option<string> _to = CheckedOptions.Text("--to", "TOPIC", "write every message to TOPIC instead of its source topic");
    private readonly Option<string> _reasonContains = CheckedOptions.Text("--reason-contains", "TEXT", "replay only dead letters whose reason contains TEXT (ignoring case)");
    private readonly Option<int?> _partition = CheckedOptions.OptionalWholeNumber("--partition", "read only partition N of the dead-letter topic", minimum: 0);
    private readonly Option<long?> _fromOffset = CheckedOptions.OptionalWholeNumber("--from-offset", "start at offset N of each partition read; commit nothing", minimum: 0L);
    private readonly Option<long?> _untilOffset = CheckedOptions.OptionalWholeNumber("--until-offset", "stop after offset N of each partition read", minimum: 0L);
    private readonly Option<int?> _max = CheckedOptions.OptionalWholeNumber("--max", "replay at most N messages", minimum: 1);
    private readonly Option<string> _group = CheckedOptions.Text("--group", "ID", $"the consumer group keeping the replay's position (default {ReplayOptions.DefaultGroup})");
    private readonly Option<bool> _dryRun = new("--dry-run") { Description = "list what would be replayed; write and commit nothing" };
    private readonly KafkaSettingsOptions _kafka = new();

    public ReplayCommand()
        : base("replay", "Write dead-lettered messages back to their source topic after a fix.")
    {
        Details = $"""
            Reads the dead-letter topic from the replay group's committed position (the beginning, the first time)
            up to its end when the command starts, and writes each message back with its key, value and headers
            to the topic it was dead-lettered from (header {DeadLetterHeaders.SourceTopic}). The
            {DeadLetterHeaders.Prefix}* headers are left out and {DeadLetterHeaders.ReplayedFrom} = topic/partition/offset
            of the dead letter is added. Keys are partitioned like every Kafka client (murmur2), the producer is
            idempotent, and the group's position is committed only after the broker acknowledged the writes: run it
            again and it replays only what was dead-lettered since.

            The position moves past every message read, including those skipped by --reason-contains or for lack
            of a source topic (each is listed on stderr); replay those later with --partition, --from-offset and
            --until-offset: a run given --from-offset reads from there whatever the group's position, and leaves
            the position as it was.

            Prints each replayed message and a summary per topic on stdout. Exits 0 when everything selected was
            replayed, 1 when a write failed (what was acknowledged before it is committed).
            """;
        Options.Add(_bootstrapServers);
        Options.Add(_topic);
        Options.Add(_to);
        Options.Add(_reasonContains);
        Options.Add(_partition);
        Options.Add(_fromOffset);
        Options.Add(_untilOffset);
        Options.Add(_max);
        Options.Add(_group);
        Options.Add(_dryRun);
        _kafka.AddTo(this);
        SetAction(RunAsync);
    }

    private async Task<int> RunAsync(ParseResult parse, CancellationToken shutdown)
    {
        var options = ReadOptions(parse);
        var consumerConfig = KafkaClientConfig.ForConsumer(options.BootstrapServers, options.KafkaSettings, ClientId, options.Group);
        consumerConfig.EnablePartitionEof = true;
        var producerConfig = KafkaClientConfig.ForProducer(options.BootstrapServers, options.KafkaSettings, ClientId);
        using var consumer = KafkaSettingsOptions.Build(() => new ConsumerBuilder<byte[]?, byte[]?>(consumerConfig).Build());
        using var producer = options.DryRun ? null : KafkaSettingsOptions.Build(() => new ProducerBuilder<byte[]?, byte[]?>(producerConfig).Build());

        var ranges = ReplayRange.Plan(consumer, options, BrokerTimeout);
        var run = new ReplayRun(consumer, producer, options, ranges);
        var interrupted = false;
        try
        {
            await run.ReadAsync(BatchSize, shutdown);
        }
        catch (OperationCanceledException) when (shutdown.IsCancellationRequested)
        {
            interrupted = true;
        }

        // What was sent is waited for even when interrupted, so that its position can be committed.
        await run.CompleteBatchAsync();
        await Console.Out.WriteAsync(run.Summary.Describe(options));
        if (run.Failures > 0)
        {
            throw new InvalidOperationException($"{run.Failures} messages were not written; the group's position stops before the first of them in its partition.");
        }

        if (interrupted)
        {
            await Console.Error.WriteLineAsync("replay: interrupted; run it again to continue from the committed position.");
            return ExitCodes.Failure;
        }

        return ExitCodes.Success;
    }

    private ReplayOptions ReadOptions(ParseResult parse)
    {
        var options = new ReplayOptions
        {
            BootstrapServers = parse.GetRequiredValue(_bootstrapServers),
            Topic = parse.GetRequiredValue(_topic),
            To = parse.GetValue(_to),
            ReasonContains = parse.GetValue(_reasonContains),
            Partition = parse.GetValue(_partition),
            FromOffset = parse.GetValue(_fromOffset),
            UntilOffset = parse.GetValue(_untilOffset),
            Max = parse.GetValue(_max),
            DryRun = parse.GetValue(_dryRun),
            Group = parse.GetValue(_group) ?? ReplayOptions.DefaultGroup,
            KafkaSettings = _kafka.Read(parse),
        };
        if (options.FromOffset > options.UntilOffset)
        {
            throw new UsageException($"Option '--until-offset' ({options.UntilOffset}) is before '--from-offset' ({options.FromOffset}).");
        }

        if (options.To == options.Topic)
        {
            throw new UsageException($"Option '--to' names the dead-letter topic itself ('{options.To}'); replaying into it would never end.");
        }

        return options;
    }
}
