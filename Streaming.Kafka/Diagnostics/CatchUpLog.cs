using Microsoft.Extensions.Logging;

namespace ActorViews.Streaming.Kafka.Diagnostics;

/// <summary>The log lines of views catching up on a partition's history.</summary>
internal static partial class CatchUpLog
{
    [LoggerMessage(EventId = 1140, Level = LogLevel.Information, Message = "View {View} catches up on {Topic}-{Partition} from offset {From}; the live reader is at {Live}")]
    public static partial void Started(ILogger logger, string view, string topic, int partition, long from, long live);

    [LoggerMessage(EventId = 1141, Level = LogLevel.Information, Message = "View {View} caught up on {Topic}-{Partition}: {Events} events in {Elapsed}; live from offset {Offset}")]
    public static partial void HandedOver(ILogger logger, string view, string topic, int partition, long events, TimeSpan elapsed, long offset);

    [LoggerMessage(EventId = 1142, Level = LogLevel.Information, Message = "The catch-up of view {View} on {Topic}-{Partition} stopped at offset {Position}; the partition's next owner resumes it there")]
    public static partial void Stopped(ILogger logger, string view, string topic, int partition, long position);
}
