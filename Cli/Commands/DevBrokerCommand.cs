using System.CommandLine;
using System.Globalization;
using ActorViews.Cli.CommandLine;
using ActorViews.Ecosystem;
using ActorViews.EmbeddedKafka;
using ActorViews.Grains;

namespace ActorViews.Cli.Commands;

/// <summary>
/// <c>actorviews dev-broker</c>: runs an embedded Kafka broker as its own process, so silos and clients
/// on one development machine can share it until it is stopped.
/// </summary>
internal sealed class DevBrokerCommand : DocumentedCommand
{
    private const string DeadLetterSuffix = ".dlq";

    // The silo reads a fixed set of partitions, so a broker made for it must have exactly as many.
    private const int DefaultPartitions = OrderStreams.DefaultPartitions;

    private readonly Option<int> _brokers = CheckedOptions.WholeNumber("--brokers", "number of brokers", minimum: 1, defaultValue: 1);

    private readonly Option<int?> _partitions = CheckedOptions.OptionalWholeNumber(
        "--partitions",
        $"partitions of each of the silo's topics (default {DefaultPartitions}); give silos the same count (--Kafka:Topics:<topic>:Partitions=P)",
        minimum: 1);

    private readonly Option<string[]> _topics = new("--topic")
    {
        Description = "create this topic instead of the silo's; repeatable",
        HelpName = "NAME:PARTITIONS",
        Arity = ArgumentArity.OneOrMore,
    };

    private readonly Option<bool> _noDeadLetters = new("--no-dlq") { Description = $"do not create NAME{DeadLetterSuffix} next to each topic" };

    private readonly Option<string> _bootstrapFile = CheckedOptions.Text("--bootstrap-file", "PATH", "also write the bootstrap servers to PATH (deleted on shutdown)");

    public DevBrokerCommand()
        : base("dev-broker", "Run an embedded Kafka broker (librdkafka mock cluster) until SIGINT/SIGTERM.")
    {
        Details = $"""
            It listens on loopback ports, creates the topics, prints 'bootstrap.servers=HOST:PORT[,...]' on stdout
            and runs until stopped. By default it creates every topic a silo reads ({string.Join(", ", Topics.All)}),
            each with P partitions.
            """;
        Options.Add(_brokers);
        Options.Add(_partitions);
        Options.Add(_topics);
        Options.Add(_noDeadLetters);
        Options.Add(_bootstrapFile);
        _topics.Validators.Add(result =>
        {
            foreach (var token in result.Tokens)
            {
                if (ParseTopic(token.Value) is null)
                {
                    result.AddError($"Option '--topic' needs NAME:PARTITIONS with PARTITIONS at least 1, not '{token.Value}'.");
                }
            }
        });
        SetAction(RunAsync);
    }

    private async Task<int> RunAsync(ParseResult parse, CancellationToken shutdown)
    {
        if (parse.GetValue(_partitions) is not null && parse.GetValue(_topics) is { Length: > 0 })
        {
            throw new UsageException("Options '--partitions' and '--topic' exclude each other: '--topic' names each topic's partitions.");
        }

        var topics = TopicsToCreate(parse);
        var brokers = parse.GetValue(_brokers);
        var bootstrapFile = parse.GetValue(_bootstrapFile);

        using var broker = EmbeddedKafkaBroker.Start(brokers);
        foreach (var (name, partitions) in topics)
        {
            broker.CreateTopic(name, partitions);
        }

        await Console.Out.WriteLineAsync($"bootstrap.servers={broker.BootstrapServers}");
        try
        {
            if (bootstrapFile is not null)
            {
                broker.WriteBootstrapFile(bootstrapFile);
            }

            var topicList = string.Join(", ", topics.Select(t => $"{t.Name}:{t.Partitions}"));
            await Console.Error.WriteLineAsync(
                $"dev-broker: {brokers} broker(s) at {broker.BootstrapServers}; topics {topicList}. Stop with Ctrl+C or SIGTERM.");

            await WaitForShutdownAsync(shutdown);
            await Console.Error.WriteLineAsync("dev-broker: shutting down.");
        }
        finally
        {
            // Clients that find the file must be able to trust that a broker is behind it.
            if (bootstrapFile is not null)
            {
                File.Delete(bootstrapFile);
            }
        }

        return ExitCodes.Success;
    }

    private static async Task WaitForShutdownAsync(CancellationToken shutdown)
    {
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var registration = shutdown.Register(() => stopped.TrySetResult());
        await stopped.Task;
    }

    private static (string Name, int Partitions)? ParseTopic(string spec)
    {
        var colon = spec.LastIndexOf(':');
        return colon > 0
            && int.TryParse(spec.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var partitions)
            && partitions >= 1
            ? (spec[..colon], partitions)
            : null;
    }

    private List<(string Name, int Partitions)> TopicsToCreate(ParseResult parse)
    {
        List<(string Name, int Partitions)> requested = parse.GetValue(_topics) is { Length: > 0 } topics
            ? [.. topics.Select(t => ParseTopic(t)!.Value)]
            : [.. Topics.All.Select(name => (name, parse.GetValue(_partitions) ?? DefaultPartitions))];
        var deadLetterTopics = !parse.GetValue(_noDeadLetters);
        var all = new List<(string Name, int Partitions)>();
        foreach (var topic in requested)
        {
            Add(all, topic);
            if (deadLetterTopics)
            {
                Add(all, (topic.Name + DeadLetterSuffix, topic.Partitions));
            }
        }

        return all;

        static void Add(List<(string Name, int Partitions)> all, (string Name, int Partitions) topic)
        {
            if (!EmbeddedKafkaBroker.IsValidTopicName(topic.Name, out var problem))
            {
                throw new UsageException($"Option '--topic': {problem}");
            }

            var index = all.FindIndex(t => t.Name == topic.Name);
            if (index < 0)
            {
                all.Add(topic);
            }
            else if (all[index].Partitions != topic.Partitions)
            {
                throw new UsageException(
                    $"Option '--topic': '{topic.Name}' is asked for with {all[index].Partitions} and {topic.Partitions} partitions.");
            }
        }
    }
}
