using Orleans.Metadata;

namespace ActorViews.Streaming.Kafka;

/// <summary>
/// Places a grain on the silo that reads its key's partition of <see cref="Topic"/>, so the delivery engine's
/// calls to it are local; other callers find it through the grain directory as usual. Set it with
/// <see cref="KafkaPartitionPlacementAttribute"/>; the Kafka provider's placement director does the placing.
/// </summary>
[GenerateSerializer]
public sealed class KafkaPartitionPlacement : PlacementStrategy
{
    // The grain type's property that carries the topic from the attribute to the strategy the runtime resolves.
    private const string TopicProperty = "kafka-partition-placement-topic";

    /// <summary>The topic whose partition owner the grain is placed with.</summary>
    [Id(0)]
    public string Topic { get; internal set; } = "";

    /// <inheritdoc />
    public override void Initialize(GrainProperties properties)
    {
        ArgumentNullException.ThrowIfNull(properties);
        base.Initialize(properties);
        Topic = properties.Properties.TryGetValue(TopicProperty, out var topic) ? topic : "";
    }

    /// <inheritdoc />
    public override void PopulateGrainProperties(IServiceProvider services, Type grainClass, GrainType grainType, Dictionary<string, string> properties)
    {
        ArgumentNullException.ThrowIfNull(properties);
        base.PopulateGrainProperties(services, grainClass, grainType, properties);
        properties[TopicProperty] = Topic;
    }
}
