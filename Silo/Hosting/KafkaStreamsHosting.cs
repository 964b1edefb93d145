using ActorViews.Ecosystem;
using ActorViews.Streaming.Kafka;

namespace ActorViews.Silo.Hosting;

/// <summary>The Kafka stream provider feeding the orders ecosystem's services and views.</summary>
internal static class KafkaStreamsHosting
{
    /// <summary>
    /// Adds the <c>kafka</c> provider on <paramref name="kafka"/> with the ecosystem's topics, each of
    /// <c>Kafka:Topics:{name}:Partitions</c> partitions (default 8), feeding their view grains.
    /// <c>Kafka:ConsumerGroupId</c> overrides the consumer group and every key of <c>Kafka:Settings</c> is
    /// passed to librdkafka as is (SASL, SSL, ...). A stand-alone gateway reads the same settings.
    /// </summary>
    public static ISiloBuilder AddOrderStreams(this ISiloBuilder silo, IConfiguration configuration, KafkaConnection kafka)
    {
        // Read now, so that a bad partition count fails start-up naming the setting.
        var streams = OrderStreams.Read(configuration);
        return silo.AddKafkaStreams(SiloNames.KafkaProvider, options => streams.ApplyTo(options, kafka.BootstrapServers, kafka.Settings));
    }
}
