namespace ActorViews.Streaming.Kafka.Diagnostics;

/// <summary>
/// Passes a log reset that <see cref="AppliedOffsets"/> finds to <see cref="ViewLogResets.Reporter"/>, so that
/// the provider logs and counts it as before although the contracts no longer reference the provider.
/// </summary>
/// <remarks>
/// Named like the provider's reporter so that <see cref="AppliedOffsets"/> moved here unchanged; it goes when
/// <see cref="AppliedOffsets"/> returns the reset to its caller instead.
/// </remarks>
internal static class KafkaLogResets
{
    /// <summary>Reports that a view adopted <paramref name="log"/> as the log of <paramref name="topic"/>-<paramref name="partition"/>.</summary>
    /// <param name="topic">The topic.</param>
    /// <param name="partition">The partition.</param>
    /// <param name="log">The new log's topic ID.</param>
    /// <param name="cause">Always <see cref="LogResetCause.ViewAdoptedNewLog"/>: views notice no other.</param>
    /// <param name="detail">What the view had applied, for the warning.</param>
    public static void Report(string topic, int partition, string log, LogResetCause cause, string detail) =>
        ViewLogResets.Reporter?.Invoke(topic, partition, log, detail);
}
