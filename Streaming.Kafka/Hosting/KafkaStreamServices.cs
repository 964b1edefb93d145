using ActorViews.Streaming.Kafka.Delivery;
using ActorViews.Streaming.Kafka.Diagnostics;
using ActorViews.Streaming.Kafka.Placement;
using ActorViews.Streaming.Kafka.Providers;
using ActorViews.Streaming.Kafka.Status;
using ActorViews.Streaming.Kafka.Versions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime.Placement;

namespace ActorViews.Streaming.Kafka.Hosting;

/// <summary>The services one named Kafka provider shares between its adapter, publisher and status, on silos and clients.</summary>
internal static class KafkaStreamServices
{
    public static void Add(IServiceCollection services, string name)
    {
        services.ConfigureNamedOptionForLogging<KafkaStreamOptions>(name);
        services.AddTransient<IConfigurationValidator>(sp => new KafkaStreamOptionsValidator(Options(sp, name), name));
        services.TryAddSingleton<IKafkaEventSerializer, JsonEventSerializer>();
        services.TryAddSingleton<IKafkaLogResetReporter, KafkaLogResetReporter>();
        services.AddKeyedSingleton(name, (sp, _) => new KafkaTopicCatalog(Options(sp, name)));
        services.AddKeyedSingleton(name, (sp, _) => new KafkaProducer(Options(sp, name), name));
        services.AddKeyedSingleton(name, (sp, _) => new KafkaOwnershipFence(Options(sp, name), name));
        services.AddKeyedSingleton(name, (sp, _) => new KafkaViewPositions(Options(sp, name), name));
        services.AddKeyedSingleton(name, (sp, _) => DeadLetterWriter.Create(Options(sp, name), name, sp.GetRequiredService<ILoggerFactory>().CreateLogger<DeadLetterWriter>()));
        services.AddKeyedSingleton<IKafkaPublisher>(name, (sp, _) => new KafkaPublisher(
            sp.GetRequiredKeyedService<KafkaTopicCatalog>(name),
            sp.GetRequiredKeyedService<KafkaProducer>(name),
            sp.GetRequiredService<IKafkaEventSerializer>()));
        services.AddKeyedSingleton<IKafkaStreamStatus>(name, (sp, _) => KafkaStreamStatus.Create(sp, name, Options(sp, name)));

        // The first provider registered is also the default one for unkeyed injection.
        services.TryAddSingleton(sp => sp.GetRequiredKeyedService<IKafkaPublisher>(name));
        services.TryAddSingleton(sp => sp.GetRequiredKeyedService<IKafkaStreamStatus>(name));
    }

    public static void AddSiloOnly(IServiceCollection services, string name)
    {
        services.AddKeyedSingleton(name, (sp, _) => ActivatorUtilities.CreateInstance<KafkaPartitionOwnership>(sp, name));
        services.AddKeyedSingleton(name, (_, _) => new KafkaReceiverRegistry());
        services.AddKeyedSingleton(name, (sp, _) => ActivatorUtilities.CreateInstance<ViewVersionWatch>(sp, sp.GetRequiredKeyedService<KafkaTopicCatalog>(name), Options(sp, name)));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(new KafkaPlacementProvider(name));
        if (!services.Any(service => service.ServiceType == typeof(IPlacementDirector) && Equals(service.ServiceKey, typeof(KafkaPartitionPlacement))))
        {
            // Transient: each grain type's strategy is its own instance, initialized with that type's topic.
            services.AddPlacementDirector<KafkaPartitionPlacement, KafkaPartitionPlacementDirector>(ServiceLifetime.Transient);
        }
    }

    private static KafkaStreamOptions Options(IServiceProvider services, string name) =>
        services.GetRequiredService<IOptionsMonitor<KafkaStreamOptions>>().Get(name);
}
