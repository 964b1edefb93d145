using ActorViews.Client.Cli;

namespace ActorViews.Client.Commands;

/// <summary>The command line of <c>actorviews replay</c>, checked.</summary>
internal sealed class ReplayOptions
{
    public const string DefaultGroup = "actorviews-replay";

    public string BootstrapServers { get; private init; } = string.Empty;

    /// <summary>The dead-letter topic to read.</summary>
    public string Topic { get; private init; } = string.Empty;

    /// <summary>Where to write every message; null: each message's source topic header.</summary>
    public string? To { get; private init; }

    public string? ReasonContains { get; private init; }

    public int? Partition { get; private init; }

    public long? FromOffset { get; private init; }

    /// <summary>The last offset to read (inclusive).</summary>
    public long? UntilOffset { get; private init; }

    /// <summary>The most messages to replay.</summary>
    public int? Max { get; private init; }

    public bool DryRun { get; private init; }

    public string Group { get; private init; } = DefaultGroup;

    public KafkaSettingsOption Kafka { get; }

    public static ReplayOptions Parse(IReadOnlyList<string> args)
    {
        string? bootstrap = null, topic = null, to = null, reason = null, group = null;
        int? partition = null, max = null;
        long? from = null, until = null;
        var dryRun = false;
        var kafka = new KafkaSettingsOption();
        var reader = new ArgumentReader(args);
        while (reader.MoveNext())
        {
            if (kafka.TryRead(reader))
            {
                continue;
            }

            switch (reader.Current)
            {
                case "--bootstrap-servers": bootstrap = reader.Value(); break;
                case "--topic": topic = reader.Value(); break;
                case "--to": to = reader.Value(); break;
                case "--reason-contains": reason = reader.Value(); break;
                case "--partition": partition = reader.IntValue(minimum: 0); break;
                case "--from-offset": from = reader.IntValue(minimum: 0); break;
                case "--until-offset": until = reader.IntValue(minimum: 0); break;
                case "--max": max = reader.IntValue(minimum: 1); break;
                case "--group": group = reader.Value(); break;
                case "--dry-run": dryRun = true; break;
                default: throw new UsageException($"Unknown option '{reader.Current}'.");
            }
        }

        if (string.IsNullOrWhiteSpace(bootstrap))
        {
            throw new UsageException("--bootstrap-servers is required.");
        }

        if (string.IsNullOrWhiteSpace(topic))
        {
            throw new UsageException("--topic is required: the dead-letter topic to replay, e.g. orders.dlq.");
        }

        if (from > until)
        {
            throw new UsageException($"Option '--until-offset' ({until}) is before '--from-offset' ({from}).");
        }

        if (to == topic)
        {
            throw new UsageException($"Option '--to' names the dead-letter topic itself ('{to}'); replaying into it would never end.");
        }

        return new ReplayOptions(kafka)
        {
            BootstrapServers = bootstrap,
            Topic = topic,
            To = to,
            ReasonContains = reason,
            Partition = partition,
            FromOffset = from,
            UntilOffset = until,
            Max = max,
            DryRun = dryRun,
            Group = group ?? DefaultGroup,
        };
    }

    private ReplayOptions(KafkaSettingsOption kafka) => Kafka = kafka;
}
