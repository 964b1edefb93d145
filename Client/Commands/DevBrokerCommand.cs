using System.Globalization;
using ActorViews.Client.Cli;
using ActorViews.EmbeddedKafka;
using ActorViews.Ecosystem;
using ActorViews.Grains;

namespace ActorViews.Client.Commands;

/// <summary>
/// <c>actorviews dev-broker</c>: runs an embedded Kafka broker as its own process, so silos and clients
/// on one development machine can share it until it is stopped.
/// </summary>
internal sealed class DevBrokerCommand : ICliCommand
{
    private const string DeadLetterSuffix = ".dlq";

    // The silo reads a fixed set of partitions, so a broker made for it must have exactly as many.
    private const int DefaultPartitions = OrderStreams.DefaultPartitions;

    public string Name => "dev-broker";

    public string Summary => "Run an embedded Kafka broker (librdkafka mock cluster) until SIGINT/SIGTERM.";

    public string Usage => $"""
        Usage: actorviews dev-broker [--brokers N] [--partitions P | --topic NAME:PARTITIONS ...] [--no-dlq] [--bootstrap-file PATH]

        Starts an in-memory Kafka-protocol cluster on loopback ports, creates the topics, prints
        'bootstrap.servers=HOST:PORT[,...]' on stdout and runs until SIGINT or SIGTERM. By default it creates
        every topic a silo reads ({string.Join(", ", Topics.All)}), each with P partitions.

        Options:
          --brokers N                 number of brokers (default 1)
          --partitions P              partitions of each of the silo's topics (default {DefaultPartitions}); give
                                      silos the same count (--Kafka:Topics:<topic>:Partitions=P)
          --topic NAME:PARTITIONS     create this topic instead of the silo's; repeatable
          --no-dlq                    do not create NAME{DeadLetterSuffix} next to each topic
          --bootstrap-file PATH       also write the bootstrap servers to PATH (deleted on shutdown)
          -h, --help                  show this help

        """;

    public async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken shutdown)
    {
        var settings = Parse(args);
        var topics = TopicsToCreate(settings);

        using var broker = EmbeddedKafkaBroker.Start(settings.Brokers);
        foreach (var (name, partitions) in topics)
        {
            broker.CreateTopic(name, partitions);
        }

        await Console.Out.WriteLineAsync($"bootstrap.servers={broker.BootstrapServers}");
        try
        {
            if (settings.BootstrapFile is { } file)
            {
                broker.WriteBootstrapFile(file);
            }

            var topicList = string.Join(", ", topics.Select(t => $"{t.Name}:{t.Partitions}"));
            await Console.Error.WriteLineAsync(
                $"dev-broker: {settings.Brokers} broker(s) at {broker.BootstrapServers}; topics {topicList}. Stop with Ctrl+C or SIGTERM.");

            await WaitForShutdownAsync(shutdown);
            await Console.Error.WriteLineAsync("dev-broker: shutting down.");
        }
        finally
        {
            // Clients that find the file must be able to trust that a broker is behind it.
            if (settings.BootstrapFile is { } file)
            {
                File.Delete(file);
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

    private static Settings Parse(IReadOnlyList<string> args)
    {
        var settings = new Settings();
        var reader = new ArgumentReader(args);
        while (reader.MoveNext())
        {
            switch (reader.Current)
            {
                case "--brokers":
                    settings.Brokers = reader.IntValue(minimum: 1);
                    break;
                case "--partitions":
                    settings.Partitions = reader.IntValue(minimum: 1);
                    break;
                case "--topic":
                    settings.Topics.Add(ParseTopic(reader.Value()));
                    break;
                case "--no-dlq":
                    settings.DeadLetterTopics = false;
                    break;
                case "--bootstrap-file":
                    settings.BootstrapFile = reader.Value();
                    break;
                default:
                    throw new UsageException($"Unknown option '{reader.Current}'.");
            }
        }

        if (settings.Partitions is not null && settings.Topics.Count > 0)
        {
            throw new UsageException("Options '--partitions' and '--topic' exclude each other: '--topic' names each topic's partitions.");
        }

        return settings;
    }

    private static (string Name, int Partitions) ParseTopic(string spec)
    {
        var colon = spec.LastIndexOf(':');
        if (colon <= 0
            || !int.TryParse(spec.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var partitions)
            || partitions < 1)
        {
            throw new UsageException($"Option '--topic' needs NAME:PARTITIONS with PARTITIONS at least 1, not '{spec}'.");
        }

        return (spec[..colon], partitions);
    }

    private static List<(string Name, int Partitions)> TopicsToCreate(Settings settings)
    {
        var requested = settings.Topics.Count > 0
            ? settings.Topics
            : [.. Topics.All.Select(name => (name, settings.Partitions ?? DefaultPartitions))];
        var all = new List<(string Name, int Partitions)>();
        foreach (var topic in requested)
        {
            Add(all, topic);
            if (settings.DeadLetterTopics)
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

    private sealed class Settings
    {
        public int Brokers { get; set; } = 1;

        public int? Partitions { get; set; }

        public List<(string Name, int Partitions)> Topics { get; } = [];

        public bool DeadLetterTopics { get; set; } = true;

        public string? BootstrapFile { get; set; }
    }
}
