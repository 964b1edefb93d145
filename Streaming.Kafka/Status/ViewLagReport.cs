using ActorViews.Streaming.Kafka.Providers;

namespace ActorViews.Streaming.Kafka.Status;

/// <summary>
/// Each view's line of <c>GET /v1/views</c>: its lag summed over its topics' partitions, whether it is live or
/// building (<see cref="ViewStatusFold"/>), and what a reader must know besides: partitions whose log head
/// retention deleted, or positions that could not be read.
/// </summary>
internal static class ViewLagReport
{
    /// <summary>The views of <paramref name="topics"/> by name, each version on a line of its own.</summary>
    /// <param name="topics">The topics, each with the versions of its views delivered now.</param>
    /// <param name="offsets">Every partition's offsets.</param>
    /// <param name="positions">Each partition's stored view positions; null where they could not be read.</param>
    /// <param name="positionsTimeout">How long the positions were given, for the warning when some were not read.</param>
    /// <param name="samples">The previous report's applied events per building view, for events per second; kept by the caller.</param>
    public static IReadOnlyList<KafkaViewStatus> Of(
        IEnumerable<KafkaTopic> topics,
        IReadOnlyList<PartitionOffsets> offsets,
        IReadOnlyDictionary<(string Topic, int Partition), IReadOnlyDictionary<string, long>?> positions,
        TimeSpan positionsTimeout,
        Dictionary<string, (long Applied, long At, double? Rate)> samples)
    {
        var fold = new ViewStatusFold(samples);
        var notes = new Dictionary<string, Notes>(StringComparer.Ordinal);
        foreach (var topic in topics)
        {
            var partitions = offsets.Where(p => p.Topic == topic.Name).OrderBy(p => p.Partition).ToList();
            var truncated = partitions.Where(p => p.FirstOffset > 0).ToList();
            var views = topic.ViewNames;
            foreach (var partition in partitions)
            {
                var stored = positions.GetValueOrDefault((partition.Topic, partition.Partition));
                var status = new KafkaPartitionStatus(partition.Topic, partition.Partition, null, partition.Committed, partition.HighWatermark, partition.Lag);
                for (var i = 0; i < views.Count; i++)
                {
                    // Positions not read leave the view where the partition is (the upgrade rule of the receivers).
                    long? position = stored is not null && stored.TryGetValue(views[i], out var own) ? own : null;
                    fold.Add(views[i], position, status, partition.FirstOffset, stored is { Count: > 0 }, topic.NewViewStarts[i]);
                    NotesOf(notes, views[i]).Unread += stored is null ? 1 : 0;
                }
            }

            foreach (var view in views.Distinct(StringComparer.Ordinal).Where(_ => truncated.Count > 0))
            {
                NotesOf(notes, view).Warnings.Add(
                    $"The log of {topic.Name} no longer starts at offset 0 on {string.Join(", ", truncated.Select(p => $"partition {p.Partition} (first offset {p.FirstOffset})"))}: " +
                    "retention deleted its head, so a new view or a rebuild of this one cannot see the events that were there (docs/evolving-views.md says what to retain).");
            }
        }

        return [.. fold.Result(System.Diagnostics.Stopwatch.GetTimestamp()).Select(line => notes.TryGetValue(line.Name, out var note)
            ? line with
            {
                TruncatedHead = note.Warnings.Count > 0,
                Warnings = note.Unread == 0
                    ? note.Warnings
                    : [.. note.Warnings, $"The view's own positions were not read within {positionsTimeout.TotalSeconds:0}s on {note.Unread} partition(s): its lag there counts from the partition's committed offset."],
            }
            : line)];
    }

    private static Notes NotesOf(Dictionary<string, Notes> notes, string view)
    {
        if (!notes.TryGetValue(view, out var note))
        {
            notes[view] = note = new Notes();
        }

        return note;
    }

    private sealed class Notes
    {
        public int Unread { get; set; }

        public List<string> Warnings { get; } = [];
    }
}
