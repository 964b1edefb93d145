namespace ActorViews.Streaming.Kafka;

/// <summary>
/// The highest offset a view has applied per topic-partition. Persisted in the same record as the view, so
/// that state and progress are written together and a redelivered event is recognised and skipped.
/// </summary>
[GenerateSerializer]
public sealed class AppliedOffsets
{
    /// <summary>Highest applied offset, keyed by <c>topic/partition</c> (readable as JSON).</summary>
    [Id(0)]
    public Dictionary<string, long> Offsets { get; set; } = [];

    /// <summary>Whether the event at this position is new to the view.</summary>
    public bool IsNew(string topic, int partition, long offset) =>
        !Offsets.TryGetValue(Key(topic, partition), out var applied) || offset > applied;

    /// <summary>Records the event at this position as applied; returns false when it was applied already.</summary>
    public bool TryAdvance(string topic, int partition, long offset)
    {
        var key = Key(topic, partition);
        if (Offsets.TryGetValue(key, out var applied) && offset <= applied)
        {
            return false;
        }

        Offsets[key] = offset;
        return true;
    }

    /// <summary>The highest applied offset of a partition, or null when none was applied.</summary>
    public long? Get(string topic, int partition) =>
        Offsets.TryGetValue(Key(topic, partition), out var applied) ? applied : null;

    private static string Key(string topic, int partition) => $"{topic}/{partition}";
}
