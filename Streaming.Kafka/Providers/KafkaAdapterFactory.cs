using ActorViews.Streaming.Kafka.Delivery;
using ActorViews.Streaming.Kafka.Status;
using ActorViews.Streaming.Kafka.Versions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Providers.Streams.Common;
using Orleans.Streams;

namespace ActorViews.Streaming.Kafka.Providers;

/// <summary>Creates the Kafka adapter, its queue mapper and cache for one named stream provider.</summary>
internal sealed class KafkaAdapterFactory(
    string name,
    KafkaStreamOptions options,
    SimpleQueueCacheOptions cacheOptions,
    IServiceProvider services,
    ILoggerFactory loggerFactory) : IQueueAdapterFactory
{
    private readonly KafkaTopicCatalog _catalog = services.GetRequiredKeyedService<KafkaTopicCatalog>(name);
    private readonly SimpleQueueAdapterCache _cache = new(cacheOptions, name, loggerFactory);

    public static KafkaAdapterFactory Create(IServiceProvider services, string name) =>
        ActivatorUtilities.CreateInstance<KafkaAdapterFactory>(
            services,
            name,
            services.GetOptionsByName<KafkaStreamOptions>(name),
            services.GetOptionsByName<SimpleQueueCacheOptions>(name));

    public Task<IQueueAdapter> CreateAdapter()
    {
        var producer = services.GetRequiredKeyedService<KafkaProducer>(name);
        var serializer = services.GetRequiredService<IKafkaEventSerializer>();

        // Receivers exist only on silos; a client's adapter only writes.
        var receivers = new KafkaReceiverContext(
            name,
            options,
            serializer,
            services.GetRequiredService<IGrainFactory>(),
            producer,
            services.GetRequiredKeyedService<DeadLetterWriter>(name),
            services.GetRequiredKeyedService<KafkaOwnershipFence>(name),
            services.GetKeyedService<KafkaPartitionOwnership>(name),
            services.GetKeyedService<KafkaReceiverRegistry>(name),
            loggerFactory.CreateLogger<KafkaQueueReceiver>(),
            services.GetRequiredKeyedService<KafkaViewPositions>(name),
            services.GetKeyedService<ViewVersionWatch>(name));
        return Task.FromResult<IQueueAdapter>(new KafkaQueueAdapter(name, _catalog, producer, serializer, receivers));
    }

    public IQueueAdapterCache GetQueueAdapterCache() => _cache;

    public IStreamQueueMapper GetStreamQueueMapper() => new KafkaQueueMapper(_catalog);

    public Task<IStreamFailureHandler> GetDeliveryFailureHandler(QueueId queueId) =>
        Task.FromResult<IStreamFailureHandler>(new KafkaStreamFailureHandler(
            queueId,
            services.GetKeyedService<KafkaReceiverRegistry>(name) ?? new KafkaReceiverRegistry(),
            loggerFactory.CreateLogger<KafkaStreamFailureHandler>()));
}
