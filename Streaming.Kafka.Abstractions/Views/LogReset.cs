namespace ActorViews.Streaming.Kafka;

/// <summary>A view found a partition's log replaced (its topic ID changed) and adopted the new one.</summary>
/// <param name="Topic">The topic.</param>
/// <param name="Partition">The partition.</param>
/// <param name="LogId">The new log's topic ID.</param>
/// <param name="Detail">What the view had applied of the old log, for the warning.</param>
public sealed record LogReset(string Topic, int Partition, string LogId, string Detail);
