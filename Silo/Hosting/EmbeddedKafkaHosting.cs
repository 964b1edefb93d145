using ActorViews.EmbeddedKafka;
using ActorViews.Streaming.Kafka;
using Microsoft.Extensions.Options;

namespace ActorViews.Silo.Hosting;

/// <summary>Chooses the broker: the configured one, or an embedded one in dev mode.</summary>
internal static class EmbeddedKafkaHosting
{
    /// <summary>
    /// Returns the broker named by <c>Kafka:BootstrapServers</c>; when none is configured (dev mode), starts
    /// an in-process broker, to be disposed when the host is. Its topics are those the <c>kafka</c> provider is
    /// configured with, each with its dead-letter topic, created before the silo starts reading.
    /// </summary>
    public static KafkaConnection UseKafkaBroker(this WebApplicationBuilder builder)
    {
        var configured = builder.Configuration["Kafka:BootstrapServers"];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return new KafkaConnection(configured, IsEmbedded: false, new Dictionary<string, string>());
        }

        var broker = EmbeddedKafkaBroker.Start();

        // Registered before the silo, so it starts (and creates the topics) first; the container disposes it,
        // and with it the broker, only after the silo and its consumers stopped.
        builder.Services.AddHostedService(sp => new EmbeddedKafkaLifetime(
            broker,
            sp.GetRequiredService<IOptionsMonitor<KafkaStreamOptions>>().Get(SiloNames.KafkaProvider),
            sp.GetRequiredService<ILogger<EmbeddedKafkaLifetime>>()));
        return new KafkaConnection(broker.BootstrapServers, IsEmbedded: true, EmbeddedKafkaBroker.ConsumerSettings);
    }
}
