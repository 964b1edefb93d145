using Microsoft.Extensions.Logging;

namespace ActorViews.Streaming.Kafka.Diagnostics;

/// <summary>Reports the log resets views found through <see cref="KafkaLogResets"/>, with the provider's logger.</summary>
internal sealed class KafkaLogResetReporter(ILogger<KafkaLogResetReporter> logger) : IKafkaLogResetReporter
{
    public void Report(LogReset reset)
    {
        ArgumentNullException.ThrowIfNull(reset);
        KafkaLogResets.Report(reset.Topic, reset.Partition, reset.LogId, LogResetCause.ViewAdoptedNewLog, reset.Detail, logger);
    }
}
