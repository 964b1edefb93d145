using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime.Placement;

namespace ActorViews.Streaming.Kafka.Placement;

/// <summary>
/// Places a <see cref="KafkaPartitionPlacement"/> grain on the silo that reads its key's partition, so the
/// delivery engine calls it locally. The partition is the message key's (Kafka's murmur2), or the one a
/// partition view's key names. Orleans' default placement decides instead when the topic has no provider here,
/// <see cref="KafkaStreamOptions.PartitionAffinity"/> is off, or the owner is unknown or cannot host the grain.
/// </summary>
internal sealed partial class KafkaPartitionPlacementDirector : IPlacementDirector
{
    // Long enough for an in-process read of the owners record, short enough not to hold up an activation much.
    private static readonly TimeSpan OwnerWait = TimeSpan.FromMilliseconds(250);
    private readonly IServiceProvider _services;
    private readonly ILogger _logger;
    private readonly Lazy<Dictionary<string, TopicPlacement>> _topics;

    // Topics named by a placement attribute that no provider here reads, each warned about once.
    private readonly ConcurrentDictionary<string, bool> _unknownTopics = new(StringComparer.Ordinal);

    public KafkaPartitionPlacementDirector(
        IServiceProvider services,
        IEnumerable<KafkaPlacementProvider> providers,
        IOptionsMonitor<KafkaStreamOptions> options,
        IGrainFactory grainFactory,
        ILoggerFactory loggerFactory)
        : this(
            services,
            providers,
            options,
            provider => grainFactory.GetGrain<IKafkaPartitionOwnersGrain>(provider).GetOwnersAsync(),
            loggerFactory.CreateLogger<KafkaPartitionPlacementDirector>())
    {
    }

    /// <param name="services">Where Orleans' default placement is found.</param>
    /// <param name="providers">The Kafka providers of this silo.</param>
    /// <param name="options">Their options, by provider name.</param>
    /// <param name="readOwners">Reads a provider's partition owners record (topic/partition to silo address).</param>
    /// <param name="logger">Where placement problems are logged.</param>
    internal KafkaPartitionPlacementDirector(
        IServiceProvider services,
        IEnumerable<KafkaPlacementProvider> providers,
        IOptionsMonitor<KafkaStreamOptions> options,
        Func<string, Task<Dictionary<string, string>>> readOwners,
        ILogger logger)
    {
        _services = services;
        _logger = logger;

        // Resolved on first use: options are final by then, and providers registered later are included.
        _topics = new(() =>
        {
            var topics = new Dictionary<string, TopicPlacement>(StringComparer.Ordinal);
            foreach (var provider in providers)
            {
                var provided = options.Get(provider.Name);
                var owners = new KafkaPartitionOwnerCache(provider.Name, () => readOwners(provider.Name), logger);
                foreach (var topic in provided.Topics)
                {
                    topics.TryAdd(topic.Name, new TopicPlacement(topic.Partitions, provided.PartitionAffinity, owners));
                }
            }

            return topics;
        });
    }

    public async Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var topic = ((KafkaPartitionPlacement)strategy).Topic;
        if (!_topics.Value.TryGetValue(topic, out var placement))
        {
            // A misspelt topic would otherwise look like working affinity that never places anything.
            if (_unknownTopics.TryAdd(topic, true))
            {
                LogUnknownTopic(_logger, target.GrainIdentity.Type.ToString()!, topic);
            }
        }
        else if (placement.Affinity)
        {
            var partition = PartitionOf(target.GrainIdentity.Key.ToString()!, topic, placement.Partitions);
            var owner = await placement.Owners.OwnerAsync(topic, partition, OwnerWait).ConfigureAwait(false);
            if (owner is not null && context.GetCompatibleSilos(target).Contains(owner))
            {
                return owner;
            }
        }

        return await DefaultPlacementAsync(target, context).ConfigureAwait(false);
    }

    /// <summary>The partition a grain key belongs to: the one a partition view's key names, else the message key's.</summary>
    internal static int PartitionOf(string key, string topic, int partitions) =>
        KafkaPartitionKey.TryParse(key, out var keyTopic, out var partition) && keyTopic == topic && partition < partitions
            ? partition
            : KafkaPartitioner.PartitionFor(key, partitions);

    private Task<SiloAddress> DefaultPlacementAsync(PlacementTarget target, IPlacementContext context)
    {
        var strategy = _services.GetRequiredService<PlacementStrategy>();
        var director = _services.GetRequiredService<PlacementDirectorResolver>().GetPlacementDirector(strategy);
        return director.OnAddActivation(strategy, target, context);
    }

    [LoggerMessage(EventId = 1501, Level = LogLevel.Warning, Message = "Grains of type {GrainType} are placed by their partition of topic {Topic}, which no Kafka stream provider of this silo reads; Orleans' default placement places them")]
    private static partial void LogUnknownTopic(ILogger logger, string grainType, string topic);

    private sealed record TopicPlacement(int Partitions, bool Affinity, KafkaPartitionOwnerCache Owners);
}
