using ActorViews.Streaming.Kafka.Providers;

namespace ActorViews.Streaming.Kafka.Status;

/// <summary>
/// Each view's line of <c>GET /v1/views</c>: its lag summed over its topics' partitions, and what a reader
/// must know besides: partitions whose log head retention deleted, or positions that could not be read.
/// </summary>
internal static class ViewLagReport
{
    /// <summary>The views of <paramref name="catalog"/>'s topics by name.</summary>
    /// <param name="catalog">The topics and their views.</param>
    /// <param name="offsets">Every partition's offsets.</param>
    /// <param name="positions">Each partition's stored view positions; null where they could not be read.</param>
    /// <param name="positionsTimeout">How long the positions were given, for the warning when some were not read.</param>
    public static IReadOnlyList<KafkaViewStatus> Of(
        KafkaTopicCatalog catalog,
        IReadOnlyList<PartitionOffsets> offsets,
        IReadOnlyDictionary<(string Topic, int Partition), IReadOnlyDictionary<string, long>?> positions,
        TimeSpan positionsTimeout)
    {
        var lines = new SortedDictionary<string, Line>(StringComparer.Ordinal);
        foreach (var topic in catalog.Topics)
        {
            var partitions = offsets.Where(p => p.Topic == topic.Name).OrderBy(p => p.Partition).ToList();
            var truncated = partitions.Where(p => p.FirstOffset > 0).ToList();
            foreach (var view in topic.AllViews.Select(ViewNames.Of).Distinct(StringComparer.Ordinal))
            {
                if (!lines.TryGetValue(view, out var line))
                {
                    lines[view] = line = new Line();
                }

                foreach (var partition in partitions)
                {
                    var stored = positions.GetValueOrDefault((partition.Topic, partition.Partition));
                    line.Unread += stored is null ? 1 : 0;

                    // A view without a position of its own is where the partition is (the upgrade rule of the receivers).
                    line.Lag += stored is not null && stored.TryGetValue(view, out var position)
                        ? Math.Max(0, partition.HighWatermark - position)
                        : partition.Lag;
                }

                if (truncated.Count > 0)
                {
                    line.Warnings.Add(
                        $"The log of {topic.Name} no longer starts at offset 0 on {string.Join(", ", truncated.Select(p => $"partition {p.Partition} (first offset {p.FirstOffset})"))}: " +
                        "retention deleted its head, so a new view or a rebuild of this one cannot see the events that were there (docs/evolving-views.md says what to retain).");
                }
            }
        }

        return [.. lines.Select(l => new KafkaViewStatus(
            l.Key,
            1,
            "live",
            l.Value.Lag,
            null,
            null,
            TruncatedHead: l.Value.Warnings.Count > 0,
            Warnings: l.Value.Unread == 0
                ? l.Value.Warnings
                : [.. l.Value.Warnings, $"The view's own positions were not read within {positionsTimeout.TotalSeconds:0}s on {l.Value.Unread} partition(s): its lag there counts from the partition's committed offset."]))];
    }

    private sealed class Line
    {
        public long Lag { get; set; }

        public int Unread { get; set; }

        public List<string> Warnings { get; } = [];
    }
}
