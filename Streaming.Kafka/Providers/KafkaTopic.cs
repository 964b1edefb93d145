namespace ActorViews.Streaming.Kafka.Providers;

/// <summary>A configured topic, resolved once: its stream namespace, event types and view interfaces (key and partition views).</summary>
internal sealed class KafkaTopic(KafkaTopicOptions options)
{
    public string Name { get; } = options.Name;

    public string Namespace { get; } = options.EffectiveNamespace;

    public int Partitions { get; } = options.Partitions;

    public Type EventType { get; } = options.EventType!;

    public IReadOnlyDictionary<string, Type> EventTypes { get; } = new Dictionary<string, Type>(options.EventTypes);

    public IReadOnlyList<Type> Views { get; } = [.. options.Views];

    public IReadOnlyList<Type> PartitionViews { get; } = [.. options.PartitionViews];

    /// <summary>Every view, key views first: a view's index here is how delivery, positions and status address it.</summary>
    public IReadOnlyList<Type> AllViews { get; } = [.. options.Views, .. options.PartitionViews];

    public bool DeliverToStreams { get; } = options.EffectiveDeliverToStreams;

    public string DeadLetterTopic { get; } = options.EffectiveDeadLetterTopic;
}
