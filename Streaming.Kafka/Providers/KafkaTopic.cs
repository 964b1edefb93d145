namespace ActorViews.Streaming.Kafka.Providers;

/// <summary>A configured topic, resolved once: its stream namespace, event types and view interfaces (key and partition views).</summary>
internal sealed class KafkaTopic(KafkaTopicOptions options)
{
    private readonly KafkaTopicOptions _options = options;

    public string Name { get; } = options.Name;

    public string Namespace { get; } = options.EffectiveNamespace;

    public int Partitions { get; } = options.Partitions;

    public Type EventType { get; } = options.EventType!;

    public IReadOnlyDictionary<string, Type> EventTypes { get; } = new Dictionary<string, Type>(options.EventTypes);

    public IReadOnlyList<Type> Views { get; } = [.. options.Views];

    public IReadOnlyList<Type> PartitionViews { get; } = [.. options.PartitionViews];

    /// <summary>Every view, key views first: a view's index here is how delivery, positions and status address it.</summary>
    public IReadOnlyList<Type> AllViews { get; } = [.. options.Views, .. options.PartitionViews];

    /// <summary>Per view of <see cref="AllViews"/>, where it starts on a partition where it is new.</summary>
    public IReadOnlyList<ViewStart> NewViewStarts { get; } =
        [.. options.Views.Concat(options.PartitionViews).Select(view => options.NewViewStarts.GetValueOrDefault(view))];

    public bool DeliverToStreams { get; } = options.EffectiveDeliverToStreams;

    public string DeadLetterTopic { get; } = options.EffectiveDeadLetterTopic;

    /// <summary>
    /// The same topic with only the view at index <paramref name="view"/> of <see cref="AllViews"/> and no stream
    /// delivery: what a view's catch-up reader delivers to.
    /// </summary>
    public KafkaTopic WithOnly(int view)
    {
        var type = AllViews[view];
        var keyView = view < Views.Count;
        return new KafkaTopic(new KafkaTopicOptions
        {
            Name = Name,
            StreamNamespace = _options.StreamNamespace,
            Partitions = Partitions,
            EventType = EventType,
            EventTypes = new Dictionary<string, Type>(_options.EventTypes),
            Views = keyView ? [type] : [],
            PartitionViews = keyView ? [] : [type],
            DeliverToStreams = false,
            DeadLetterTopic = _options.DeadLetterTopic,
        });
    }
}
