namespace ActorViews.Streaming.Kafka;

/// <summary>
/// Where views hand the log resets <see cref="AppliedOffsets.TakeLogResets"/> returns. The provider logs each
/// new log of a partition as a warning and counts it (<c>actorviews.kafka.log_resets</c>) once per silo,
/// however many views adopt it.
/// </summary>
public interface IKafkaLogResetReporter
{
    /// <summary>Reports a log reset a view found.</summary>
    void Report(LogReset reset);
}
