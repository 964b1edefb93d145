using ActorViews.EmbeddedKafka;

namespace ActorViews.Silo.Hosting;

/// <summary>Announces the dev-mode broker and owns it until the host is disposed.</summary>
internal sealed partial class EmbeddedKafkaLifetime(EmbeddedKafkaBroker broker, ILogger<EmbeddedKafkaLifetime> logger)
    : IHostedService, IDisposable
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        LogStarted(logger, broker.BootstrapServers);
        return Task.CompletedTask;
    }

    // Not here: the silo's consumers may still be stopping. The broker goes when the container disposes this.
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => broker.Dispose();

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Embedded Kafka broker at {BootstrapServers}")]
    private static partial void LogStarted(ILogger logger, string bootstrapServers);
}
