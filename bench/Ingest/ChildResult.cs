namespace ActorViews.Ingest;

/// <summary>What one measurement process reports, as one JSON line on stdout.</summary>
internal sealed record ChildResult
{
    public const string Marker = "RESULT ";

    public required string Path { get; init; }

    public required int Keys { get; init; }

    public required long Events { get; init; }

    public double ColdSeconds { get; init; }

    public double? WarmSeconds { get; init; }

    public long Activations { get; init; }

    /// <summary>Managed heap kept after the cold pass (full GC) per activation (per key for streamiz); not raw.</summary>
    public double? HeapBytesPerView { get; init; }

    /// <summary>Managed heap one deserialized order (the view's state) keeps; raw only.</summary>
    public double? StateBytesPerKey { get; init; }

    public double ColdAllocatedBytesPerEvent { get; init; }

    public double? WarmAllocatedBytesPerEvent { get; init; }

    public double ColdGcPauseSeconds { get; init; }

    public double? WarmGcPauseSeconds { get; init; }

    public int Gen2Collections { get; init; }

    public long PeakWorkingSetBytes { get; init; }

    /// <summary>Events counted in the views read back from PostgreSQL after both passes; durable only.</summary>
    public long? StoredEvents { get; init; }

    /// <summary>How many state writes stored them (both passes); durable only. Events / writes is the coalescing.</summary>
    public long? StoredWrites { get; init; }

    public double ColdRate => Events / ColdSeconds;

    public double? WarmRate => WarmSeconds is { } warm ? Events / warm : null;
}
