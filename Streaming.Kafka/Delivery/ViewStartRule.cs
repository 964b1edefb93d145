namespace ActorViews.Streaming.Kafka.Delivery;

/// <summary>Where each view of a partition starts, from the partition's start offset, its log's bounds and the views' stored positions.</summary>
internal static class ViewStartRule
{
    /// <summary>
    /// A partition with no view positions at all was committed by the previous version with one offset for all
    /// views: every view starts live at <paramref name="start"/> and nothing is read again. Otherwise:
    /// <list type="bullet">
    /// <item>a view whose position is at or ahead of <paramref name="start"/> (it applied more than the slowest
    /// live view before the restart) starts live there, and is delivered nothing below it;</item>
    /// <item>a view whose position is behind <paramref name="start"/> was catching up (the partition's offset is
    /// the minimum over the live views only) and goes on catching up from its position;</item>
    /// <item>a view without a position is new: with <see cref="ViewStart.Beginning"/> it catches up from the
    /// log's start <paramref name="low"/>, with <see cref="ViewStart.End"/> it starts live at the log's end
    /// <paramref name="high"/>.</item>
    /// </list>
    /// A catch-up never starts below <paramref name="low"/>: retention deleted what was there.
    /// </summary>
    public static ViewStartPoint[] Resolve(
        long start,
        long low,
        long high,
        IReadOnlyList<string> views,
        IReadOnlyList<ViewStart> newViewStarts,
        IReadOnlyDictionary<string, long> stored)
    {
        var points = new ViewStartPoint[views.Count];
        for (var i = 0; i < points.Length; i++)
        {
            points[i] = stored.Count == 0
                ? new ViewStartPoint(start, Building: false, Stored: -1)
                : stored.TryGetValue(views[i], out var position)
                    ? Known(start, low, position)
                    : New(start, low, high, i < newViewStarts.Count ? newViewStarts[i] : ViewStart.Beginning);
        }

        return points;
    }

    private static ViewStartPoint Known(long start, long low, long position) =>
        position >= start
            ? ViewStartPoint.Live(position)
            : CatchUp(start, low, position, position);

    private static ViewStartPoint New(long start, long low, long high, ViewStart where) =>
        where == ViewStart.End
            ? new ViewStartPoint(Math.Max(start, high), Building: false, Stored: -1)
            : CatchUp(start, low, low, stored: -1);

    private static ViewStartPoint CatchUp(long start, long low, long from, long stored)
    {
        var offset = Math.Max(from, low);
        return offset < start ? new ViewStartPoint(offset, Building: true, stored) : new ViewStartPoint(start, Building: false, stored);
    }
}
