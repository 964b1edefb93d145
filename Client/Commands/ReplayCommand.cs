using ActorViews.Client.Cli;
using ActorViews.Streaming.Kafka;
using Confluent.Kafka;

namespace ActorViews.Client.Commands;

/// <summary>
/// <c>actorviews replay</c>: writes dead letters back to the topic they came from, after the view or the data
/// has been fixed. It reads from the replay group's committed position up to the end the topic had when it
/// started, and commits only what the broker acknowledged, so a second run replays nothing twice.
/// </summary>
internal sealed class ReplayCommand : ICliCommand
{
    // Acknowledged and committed in steps, so an interrupted run repeats at most this many messages.
    private const int BatchSize = 500;
    private static readonly TimeSpan BrokerTimeout = TimeSpan.FromSeconds(30);

    public string Name => "replay";

    public string Summary => "Write dead-lettered messages back to their source topic after a fix.";

    public string Usage => $"""
        Usage: actorviews replay --bootstrap-servers HOST:PORT[,...] --topic DEAD-LETTER-TOPIC [options]

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

        Options:
          --bootstrap-servers LIST    the brokers
          --topic TOPIC               the dead-letter topic to read (e.g. orders.dlq)
          --to TOPIC                  write every message to TOPIC instead of its source topic
          --reason-contains TEXT      replay only dead letters whose reason contains TEXT (ignoring case)
          --partition N               read only partition N of the dead-letter topic
          --from-offset N             start at offset N of each partition read; commit nothing
          --until-offset N            stop after offset N of each partition read
          --max N                     replay at most N messages
          --group ID                  the consumer group keeping the replay's position (default {ReplayOptions.DefaultGroup})
          --dry-run                   list what would be replayed; write and commit nothing
        {KafkaSettingsOption.Usage}
          -h, --help                  show this help

        Prints each replayed message and a summary per topic on stdout. Exits 0 when everything selected was
        replayed, 1 when a write failed (what was acknowledged before it is committed).

        """;

    public async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken shutdown)
    {
        var options = ReplayOptions.Parse(args);
        using var consumer = options.Kafka.Build(
            new ConsumerConfig
            {
                BootstrapServers = options.BootstrapServers,
                GroupId = options.Group,
                EnableAutoCommit = false,
                EnableAutoOffsetStore = false,
                EnablePartitionEof = true,
                AutoOffsetReset = AutoOffsetReset.Earliest,
                IsolationLevel = IsolationLevel.ReadCommitted,
            },
            config => new ConsumerBuilder<byte[]?, byte[]?>(config).Build());
        using var producer = options.DryRun ? null : options.Kafka.Build(
            new ProducerConfig
            {
                BootstrapServers = options.BootstrapServers,
                EnableIdempotence = true,
                Acks = Acks.All,
                Partitioner = Partitioner.Murmur2Random,
                LingerMs = 5,
            },
            config => new ProducerBuilder<byte[]?, byte[]?>(config).Build());

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
}
