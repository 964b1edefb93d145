namespace ActorViews.Streaming.Kafka.Versions;

/// <summary>What the registry of one view's versions persists.</summary>
[GenerateSerializer]
internal sealed class ViewVersionState
{
    /// <summary>The version reads are routed to.</summary>
    [Id(0)]
    public int Current { get; set; } = 1;

    /// <summary>The version a rebuild is building, or null.</summary>
    [Id(1)]
    public int? Building { get; set; }

    /// <summary>When the last rebuild was requested.</summary>
    [Id(2)]
    public DateTimeOffset? RequestedAt { get; set; }

    /// <summary>Whether the version the running rebuild replaces keeps its stored state.</summary>
    [Id(3)]
    public bool Keep { get; set; }

    /// <summary>
    /// Where <see cref="Building"/> reads live, as <c>view/topic/partition</c> (the view or a feed of it); at most the
    /// partitions of the view and its feeds.
    /// </summary>
    [Id(4)]
    public HashSet<string> LivePartitions { get; set; } = [];

    /// <summary>A replaced version whose stored state is still to be deleted, or null.</summary>
    [Id(5)]
    public int? Retired { get; set; }

    /// <summary>When <see cref="Retired"/>'s state is deleted.</summary>
    [Id(6)]
    public DateTimeOffset? RetireAt { get; set; }
}
