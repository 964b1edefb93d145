using Microsoft.Extensions.Logging;

namespace ActorViews.Streaming.Kafka.Diagnostics;

/// <summary>
/// The delivery engine's log lines. Several parts report the same event (a dead letter is written for a view
/// and for a stream consumer alike), so each message is declared once here with its event id.
/// </summary>
internal static partial class DeliveryLog
{
    [LoggerMessage(EventId = 1100, Level = LogLevel.Warning, Message = "Reading {Topic}-{Partition} failed: {Reason}; retrying")]
    public static partial void ReadFailed(ILogger logger, Exception exception, string topic, int partition, string reason);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Error, Message = "Delivering {Topic}-{Partition} failed unexpectedly")]
    public static partial void DispatchFailed(ILogger logger, Exception exception, string topic, int partition);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning, Message = "Applying {Topic}-{Partition}@{Offset} failed (attempt {Attempt}, infrastructure: {Transient}); retrying")]
    public static partial void ApplyRetry(ILogger logger, Exception exception, string topic, int partition, long offset, int attempt, bool transient);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Warning, Message = "Dead-lettered {Topic}-{Partition}@{Offset} to {DeadLetterTopic}: {Reason}")]
    public static partial void DeadLettered(ILogger logger, string topic, int partition, long offset, string deadLetterTopic, string reason);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Warning, Message = "Committing {Topic}-{Partition} at {Offset} failed: {Reason}; will retry")]
    public static partial void CommitFailed(ILogger logger, string topic, int partition, long offset, string reason);

    [LoggerMessage(EventId = 1105, Level = LogLevel.Warning, Message = "Stopping {Topic}-{Partition} took longer than {Timeout}; undelivered events go to the next owner")]
    public static partial void StopTimedOut(ILogger logger, string topic, int partition, TimeSpan timeout);

    [LoggerMessage(EventId = 1106, Level = LogLevel.Warning, Message = "Commit of {Topic}-{Partition} held back at {Offset} for {HeldFor}: that event is still being delivered")]
    public static partial void CommitHeldBack(ILogger logger, string topic, int partition, long offset, TimeSpan heldFor);

    [LoggerMessage(EventId = 1107, Level = LogLevel.Information, Message = "Commit of {Topic}-{Partition} moves past {Offset} again after {HeldFor}")]
    public static partial void CommitReleased(ILogger logger, string topic, int partition, long offset, TimeSpan heldFor);

    [LoggerMessage(EventId = 1110, Level = LogLevel.Warning, Message = "Not committing {Topic}-{Partition} at {Offset}: the partition was claimed by another receiver (epoch {Current}, this receiver's {Own}); this receiver stops reading it")]
    public static partial void Fenced(ILogger logger, string topic, int partition, long offset, string own, string current);

    [LoggerMessage(EventId = 1111, Level = LogLevel.Warning, Message = "The ownership claim of {Topic}-{Partition} was gone from the owners group (its offsets expired); this receiver's claim {Own} is committed again")]
    public static partial void ClaimRestored(ILogger logger, string topic, int partition, string own);
}
