using ActorViews.Streaming.Kafka;

namespace ActorViews.Grains;

/// <summary>
/// The <c>orders</c> events a view was handed, by exact position: what read-your-writes compares an
/// <c>orders</c> position with. A partition's highest offset would not do: the router hands over the orders
/// of one partition concurrently (one router grain per order), so a later order may arrive first and would
/// pass for the earlier one still on its way.
/// </summary>
/// <remarks>
/// Bounded: the newest <see cref="KeptPerPartition"/> positions of each partition are kept; an older position
/// counts as handed over once that many newer ones of its partition were. Only an event overtaken by that many
/// others (a long retry) could be taken as applied early.
/// </remarks>
[GenerateSerializer]
public sealed class RoutedPositions
{
    /// <summary>How many positions of a partition are kept.</summary>
    public const int KeptPerPartition = 128;

    /// <summary>The positions kept per <c>topic/partition</c>, ascending.</summary>
    [Id(0)]
    public Dictionary<string, List<long>> Offsets { get; set; } = [];

    /// <summary>The highest offset no longer kept, per <c>topic/partition</c>.</summary>
    [Id(1)]
    public Dictionary<string, long> Forgotten { get; set; } = [];

    /// <summary>The log (topic ID) each partition's positions belong to.</summary>
    [Id(2)]
    public Dictionary<string, string> Logs { get; set; } = [];

    /// <summary>Records the event at <paramref name="position"/> of the log <paramref name="logId"/> as handed over.</summary>
    /// <returns>False when it was recorded already.</returns>
    public bool Add(KafkaPosition position, string? logId)
    {
        ArgumentNullException.ThrowIfNull(position);
        var key = Key(position);
        if (!string.IsNullOrEmpty(logId) && Logs.GetValueOrDefault(key) != logId)
        {
            // A replaced log: positions of the old one say nothing about the new one.
            Offsets.Remove(key);
            Forgotten.Remove(key);
            Logs[key] = logId;
        }

        if (Contains(position))
        {
            return false;
        }

        var offsets = Offsets.TryGetValue(key, out var kept) ? kept : Offsets[key] = [];
        var at = offsets.BinarySearch(position.Offset);
        offsets.Insert(~at, position.Offset);
        if (offsets.Count > KeptPerPartition)
        {
            Forgotten[key] = offsets[0];
            offsets.RemoveAt(0);
        }

        return true;
    }

    /// <summary>Whether the event at <paramref name="position"/> was handed over.</summary>
    public bool Contains(KafkaPosition position)
    {
        ArgumentNullException.ThrowIfNull(position);
        var key = Key(position);
        return (Forgotten.TryGetValue(key, out var forgotten) && position.Offset <= forgotten)
            || (Offsets.TryGetValue(key, out var kept) && kept.BinarySearch(position.Offset) >= 0);
    }

    private static string Key(KafkaPosition position) => $"{position.Topic}/{position.Partition}";
}
