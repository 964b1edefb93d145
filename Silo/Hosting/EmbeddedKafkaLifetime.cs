using ActorViews.EmbeddedKafka;
using ActorViews.Streaming.Kafka;

namespace ActorViews.Silo.Hosting;

/// <summary>Creates the dev-mode broker's topics, announces it, and owns it until the host is disposed.</summary>
internal sealed partial class EmbeddedKafkaLifetime(EmbeddedKafkaBroker broker, KafkaStreamOptions provider, ILogger<EmbeddedKafkaLifetime> logger)
    : IHostedService, IDisposable
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var topic in provider.Topics)
        {
            broker.CreateTopic(topic.Name, topic.Partitions);
            broker.CreateTopic(topic.EffectiveDeadLetterTopic, topic.Partitions);
            LogTopicCreated(logger, topic.Name, topic.Partitions, topic.EffectiveDeadLetterTopic);
        }

        LogStarted(logger, broker.BootstrapServers);
        return Task.CompletedTask;
    }

    // Not here: the silo's consumers may still be stopping. The broker goes when the container disposes this.
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => broker.Dispose();

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Embedded Kafka broker at {BootstrapServers}")]
    private static partial void LogStarted(ILogger logger, string bootstrapServers);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "Embedded Kafka topic {Topic} with {Partitions} partitions and {DeadLetterTopic}")]
    private static partial void LogTopicCreated(ILogger logger, string topic, int partitions, string deadLetterTopic);
}
