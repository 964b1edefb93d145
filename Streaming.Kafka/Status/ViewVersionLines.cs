namespace ActorViews.Streaming.Kafka.Status;

/// <summary>
/// Folds the lines of a view's versions into the view's one line of <c>GET /v1/views</c>: the current version's
/// lag and partitions, and while a rebuild runs the building version's progress and rate under <c>building</c>.
/// </summary>
internal static class ViewVersionLines
{
    /// <param name="lines">One line per delivered version, named as <see cref="ViewVersions.Name"/> names them.</param>
    /// <param name="versions">Each view's versions, by name; a view missing here is listed at version 1.</param>
    /// <param name="groupOf">The view whose versions a view follows (a feed follows the view it feeds).</param>
    public static IReadOnlyList<KafkaViewStatus> Fold(IReadOnlyList<KafkaViewStatus> lines, IReadOnlyDictionary<string, KafkaViewVersionInfo> versions, Func<string, string> groupOf)
    {
        var byName = lines.ToDictionary(line => line.Name, StringComparer.Ordinal);
        var result = new List<KafkaViewStatus>();
        foreach (var group in lines.GroupBy(line => ViewVersions.BaseName(line.Name), StringComparer.Ordinal))
        {
            var view = group.Key;
            if (!versions.TryGetValue(groupOf(view), out var info))
            {
                result.AddRange(group);
                continue;
            }

            var current = byName.GetValueOrDefault(ViewVersions.Name(view, info.Current), group.First()) with { Name = view, Version = info.Current };
            result.Add(info.Building is { } building && byName.TryGetValue(ViewVersions.Name(view, building), out var built)
                ? current with
                {
                    Status = "building",
                    Progress = built.Progress ?? 1,
                    EventsPerSecond = built.EventsPerSecond,
                    BuildingVersion = building,
                    BuildingLag = built.Lag,
                    Warnings = [.. current.Warnings ?? [], .. (built.Warnings ?? []).Except(current.Warnings ?? [])],
                }
                : current);
        }

        return result;
    }
}
