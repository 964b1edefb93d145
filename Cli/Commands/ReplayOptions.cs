namespace ActorViews.Cli.Commands;

/// <summary>The command line of <c>actorviews replay</c>, checked.</summary>
internal sealed class ReplayOptions
{
    public const string DefaultGroup = "actorviews-replay";

    public required string BootstrapServers { get; init; }

    /// <summary>The dead-letter topic to read.</summary>
    public required string Topic { get; init; }

    /// <summary>Where to write every message; null: each message's source topic header.</summary>
    public string? To { get; init; }

    public string? ReasonContains { get; init; }

    public int? Partition { get; init; }

    public long? FromOffset { get; init; }

    /// <summary>The last offset to read (inclusive).</summary>
    public long? UntilOffset { get; init; }

    /// <summary>The most messages to replay.</summary>
    public int? Max { get; init; }

    public bool DryRun { get; init; }

    public string Group { get; init; } = DefaultGroup;

    /// <summary>librdkafka settings from <c>--kafka</c> and <c>--kafka-config</c>.</summary>
    public IReadOnlyDictionary<string, string> KafkaSettings { get; init; } = new Dictionary<string, string>();
}
