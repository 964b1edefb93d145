namespace ActorViews.Streaming.Kafka.Delivery;

/// <summary>Where each view of a partition starts, from the partition's start offset and the views' stored positions.</summary>
internal static class ViewStartRule
{
    /// <summary>
    /// A view whose stored position is ahead of <paramref name="start"/> (it applied more than the slowest view
    /// before the restart) starts there, and is delivered nothing below it. A view without a position starts
    /// with the partition; so does every view of a partition with no positions at all, which the previous
    /// version committed with one offset for all views: nothing is read again for them.
    /// </summary>
    public static long[] Resolve(long start, IReadOnlyList<string> views, IReadOnlyDictionary<string, long> stored)
    {
        var starts = new long[views.Count];
        for (var i = 0; i < starts.Length; i++)
        {
            starts[i] = stored.TryGetValue(views[i], out var position) ? Math.Max(position, start) : start;
        }

        return starts;
    }
}
