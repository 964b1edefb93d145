namespace ActorViews.Streaming.Kafka.Diagnostics;

/// <summary>How a view noticed a replaced log; the provider's own enum of that name also names the causes its reader finds.</summary>
internal enum LogResetCause
{
    /// <summary>A view found a topic ID other than the one its applied offsets belong to, and adopted the new log.</summary>
    ViewAdoptedNewLog,
}
