using ActorViews.Streaming.Kafka.Hosting;

namespace ActorViews.Streaming.Kafka;

/// <summary>Adds Kafka stream providers to silos and clients.</summary>
public static class KafkaStreamBuilderExtensions
{
    /// <summary>Adds a Kafka stream provider named <paramref name="name"/> to the silo.</summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="name">The stream provider name.</param>
    /// <param name="configureOptions">Configures the provider's options.</param>
    /// <returns>The same builder.</returns>
    public static ISiloBuilder AddKafkaStreams(this ISiloBuilder builder, string name, Action<KafkaStreamOptions> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(configureOptions);
        return builder.AddKafkaStreams(name, b => b.ConfigureKafka(ob => ob.Configure(configureOptions)));
    }

    /// <summary>Adds a Kafka stream provider named <paramref name="name"/> to the silo.</summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="name">The stream provider name.</param>
    /// <param name="configure">Configures the provider (options, cache, pulling agent, balancer), or null.</param>
    /// <returns>The same builder.</returns>
    public static ISiloBuilder AddKafkaStreams(this ISiloBuilder builder, string name, Action<SiloKafkaStreamConfigurator>? configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);
        var configurator = new SiloKafkaStreamConfigurator(name, services => builder.ConfigureServices(services));
        configure?.Invoke(configurator);
        return builder;
    }

    /// <summary>Adds a Kafka stream provider named <paramref name="name"/> to the client.</summary>
    /// <param name="builder">The client builder.</param>
    /// <param name="name">The stream provider name.</param>
    /// <param name="configureOptions">Configures the provider's options.</param>
    /// <returns>The same builder.</returns>
    public static IClientBuilder AddKafkaStreams(this IClientBuilder builder, string name, Action<KafkaStreamOptions> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(configureOptions);
        return builder.AddKafkaStreams(name, b => b.ConfigureKafka(ob => ob.Configure(configureOptions)));
    }

    /// <summary>Adds a Kafka stream provider named <paramref name="name"/> to the client.</summary>
    /// <param name="builder">The client builder.</param>
    /// <param name="name">The stream provider name.</param>
    /// <param name="configure">Configures the provider, or null.</param>
    /// <returns>The same builder.</returns>
    public static IClientBuilder AddKafkaStreams(this IClientBuilder builder, string name, Action<ClusterClientKafkaStreamConfigurator>? configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);
        var configurator = new ClusterClientKafkaStreamConfigurator(name, builder);
        configure?.Invoke(configurator);
        return builder;
    }
}
