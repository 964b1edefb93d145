using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ActorViews.Streaming.Kafka.Diagnostics;

/// <summary>How a replaced log (a topic deleted and recreated, an embedded broker restarted) was noticed.</summary>
internal enum LogResetCause
{
    /// <summary>A view found a topic ID other than the one its applied offsets belong to, and adopted the new log.</summary>
    ViewAdoptedNewLog,

    /// <summary>The consumer group's committed offset lies beyond the log's end.</summary>
    CommittedOffsetBeyondEnd,

    /// <summary>A partition being read went back to an offset before the last one read.</summary>
    OffsetWentBack,
}

/// <summary>
/// Where every detector of a replaced log reports it. Many views of a partition adopt the same new log, and a
/// reader may notice it too: each new log of a partition is logged as a warning and counted
/// (<c>actorviews.kafka.log_resets</c>) once per silo process, however many of them notice.
/// </summary>
internal static partial class KafkaLogResets
{
    // Holds one entry per partition per log ever replaced in this process: a handful, not one per event.
    private static readonly ConcurrentDictionary<(string Topic, int Partition, string Log), byte> Reported = new();
    /// <summary>Reports that <paramref name="topic"/>-<paramref name="partition"/> is now read from the log <paramref name="log"/>.</summary>
    /// <param name="topic">The topic.</param>
    /// <param name="partition">The partition.</param>
    /// <param name="log">The new log's topic ID; empty when the broker has none, and then every report counts.</param>
    /// <param name="cause">How the replacement was noticed.</param>
    /// <param name="detail">What was seen, for the warning.</param>
    /// <param name="logger">The reporter's logger.</param>
    /// <param name="sameLog">
    /// True when offsets went back within one topic ID (a truncated log): reported every time, as nothing
    /// else tells one such reset from the next.
    /// </param>
    /// <returns>Whether this report was the first for the new log, and so was logged and counted.</returns>
    public static bool Report(string topic, int partition, string log, LogResetCause cause, string detail, ILogger logger, bool sameLog = false)
    {
        if (log.Length > 0 && !sameLog && !Reported.TryAdd((topic, partition, log), 0))
        {
            return false;
        }

        var tags = KafkaStreamMetrics.Tags(topic, partition);
        tags.Add("actorviews.log_reset.cause", CauseTag(cause));
        KafkaStreamMetrics.RecordLogReset(tags);
        switch (cause)
        {
            case LogResetCause.ViewAdoptedNewLog:
                LogViewAdopted(logger, topic, partition, log, detail);
                break;
            case LogResetCause.CommittedOffsetBeyondEnd:
                LogCommittedBeyondEnd(logger, topic, partition, log, detail);
                break;
            default:
                LogOffsetWentBack(logger, topic, partition, log, detail);
                break;
        }

        return true;
    }

    private static string CauseTag(LogResetCause cause) => cause switch
    {
        LogResetCause.ViewAdoptedNewLog => "topic_id_changed",
        LogResetCause.CommittedOffsetBeyondEnd => "committed_offset_beyond_end",
        _ => "offset_went_back",
    };

    [LoggerMessage(EventId = 1400, Level = LogLevel.Warning, Message = "Log reset on {Topic}-{Partition}: views found the new log {LogId} ({Detail}); they apply it from its start instead of skipping its offsets as redeliveries")]
    private static partial void LogViewAdopted(ILogger logger, string topic, int partition, string logId, string detail);

    [LoggerMessage(EventId = 1401, Level = LogLevel.Warning, Message = "Log reset on {Topic}-{Partition}: {Detail}; reading the new log {LogId} from its start")]
    private static partial void LogCommittedBeyondEnd(ILogger logger, string topic, int partition, string logId, string detail);

    [LoggerMessage(EventId = 1402, Level = LogLevel.Warning, Message = "Log reset on {Topic}-{Partition}: {Detail}; reading on in the new log {LogId} with fresh offsets")]
    private static partial void LogOffsetWentBack(ILogger logger, string topic, int partition, string logId, string detail);
}
