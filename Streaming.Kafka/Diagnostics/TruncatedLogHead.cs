using ActorViews.Streaming.Kafka.Delivery;
using Microsoft.Extensions.Logging;

namespace ActorViews.Streaming.Kafka.Diagnostics;

/// <summary>
/// Says so when a partition is read from a log whose head is gone (retention or deletion moved its first
/// offset past 0, or past the committed offset): views reading it from there never see the events before.
/// </summary>
internal static partial class TruncatedLogHead
{
    /// <summary>Warns (1006) when reading from <paramref name="firstOffset"/> skips events that were deleted.</summary>
    /// <param name="topic">The topic.</param>
    /// <param name="partition">The partition.</param>
    /// <param name="committed">The group's committed offset; null when it has none (reading starts at the log's start).</param>
    /// <param name="firstOffset">The log's first offset (its low watermark).</param>
    /// <param name="logger">Where the warning goes.</param>
    /// <returns>Whether the head was found truncated.</returns>
    public static bool Check(string topic, int partition, long? committed, long firstOffset, ILogger logger)
    {
        if (committed is { } offset && offset >= firstOffset)
        {
            return false;
        }

        if (committed is { } behind)
        {
            HeadPassedCommit(logger, topic, partition, firstOffset, behind, firstOffset - behind);
            return true;
        }

        if (firstOffset > 0)
        {
            HeadTruncated(logger, topic, partition, firstOffset);
            return true;
        }

        return false;
    }

    /// <summary>
    /// Warns for each view of <paramref name="starts"/> that reads the history (a new view from the log's start,
    /// or a catch-up resuming at its stored position) where retention deleted events it has not applied.
    /// </summary>
    /// <returns>Whether any did.</returns>
    public static bool CheckCatchUps(string topic, int partition, IEnumerable<ViewStartPoint> starts, long firstOffset, ILogger logger) =>
        starts.Where(s => s.Building).Aggregate(false, (warned, s) => Check(topic, partition, s.Stored >= 0 ? s.Stored : null, firstOffset, logger) | warned);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Warning, Message = "The log of {Topic}-{Partition} starts at offset {FirstOffset}, not 0: its head was deleted (retention), and views reading it from its start miss the events before; see docs/evolving-views.md")]
    private static partial void HeadTruncated(ILogger logger, string topic, int partition, long firstOffset);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Warning, Message = "The log of {Topic}-{Partition} starts at offset {FirstOffset}, past the committed offset {Committed}: {Missed} events were deleted (retention) before the views applied them; reading on from {FirstOffset}")]
    private static partial void HeadPassedCommit(ILogger logger, string topic, int partition, long firstOffset, long committed, long missed);
}
