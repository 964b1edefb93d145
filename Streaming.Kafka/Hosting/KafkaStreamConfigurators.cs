using ActorViews.Streaming.Kafka.Providers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace ActorViews.Streaming.Kafka.Hosting;

/// <summary>Configures a Kafka stream provider on a silo.</summary>
public sealed class SiloKafkaStreamConfigurator : SiloPersistentStreamConfigurator
{
    /// <summary>Creates the configurator of provider <paramref name="name"/>.</summary>
    public SiloKafkaStreamConfigurator(string name, Action<Action<IServiceCollection>> configureServicesDelegate)
        : base(name, configureServicesDelegate, KafkaAdapterFactory.Create)
    {
        ConfigureDelegate(services =>
        {
            KafkaStreamServices.Add(services, name);
            KafkaStreamServices.AddSiloOnly(services, name);
            services.ConfigureNamedOptionForLogging<SimpleQueueCacheOptions>(name);
        });

        // Stream consumers should not wait a whole default 100 ms tick for events the receiver already has.
        this.ConfigurePullingAgent(ob => ob.Configure(o => o.GetQueueMsgsTimerPeriod = TimeSpan.FromMilliseconds(20)));
    }

    /// <summary>Configures the provider's options.</summary>
    public SiloKafkaStreamConfigurator ConfigureKafka(Action<OptionsBuilder<KafkaStreamOptions>> configureOptions)
    {
        this.Configure(configureOptions);
        return this;
    }
}

/// <summary>Configures a Kafka stream provider on a cluster client (producing, publishing, status).</summary>
public sealed class ClusterClientKafkaStreamConfigurator : ClusterClientPersistentStreamConfigurator
{
    /// <summary>Creates the configurator of provider <paramref name="name"/>.</summary>
    public ClusterClientKafkaStreamConfigurator(string name, IClientBuilder builder)
        : base(name, builder, KafkaAdapterFactory.Create) =>
        builder.ConfigureServices(services => KafkaStreamServices.Add(services, name));

    /// <summary>Configures the provider's options.</summary>
    public ClusterClientKafkaStreamConfigurator ConfigureKafka(Action<OptionsBuilder<KafkaStreamOptions>> configureOptions)
    {
        this.Configure(configureOptions);
        return this;
    }
}
