namespace ActorViews.Streaming.Kafka.Providers;

/// <summary>
/// A configured topic, resolved once: its stream namespace, event types and view interfaces (key and partition
/// views). With <see cref="WithVersions"/> it is the topic as the delivery engine feeds it at a moment: each view
/// once per version delivered (the current one, and the one a rebuild builds).
/// </summary>
internal sealed class KafkaTopic
{
    private readonly KafkaTopicOptions _options;
    private readonly TopicView[] _views;

    public KafkaTopic(KafkaTopicOptions options)
        : this(
            options,
            [
                .. options.Views.Select(view => TopicView.First(view, options, partitionView: false)),
                .. options.PartitionViews.Select(view => TopicView.First(view, options, partitionView: true)),
            ],
            options.EffectiveDeliverToStreams)
    {
    }

    private KafkaTopic(KafkaTopicOptions options, TopicView[] views, bool deliverToStreams)
    {
        _options = options;
        _views = views;
        Views = [.. views.Where(v => !v.PartitionView).Select(v => v.Contract)];
        PartitionViews = [.. views.Where(v => v.PartitionView).Select(v => v.Contract)];
        AllViews = [.. views.Select(v => v.Contract)];
        ViewNames = [.. views.Select(v => v.Name)];
        ViewVersions = [.. views.Select(v => v.Version)];
        NewViewStarts = [.. views.Select(v => v.Start)];
        ViewGroups = [.. views.Select(v => v.Group)];
        DeliverToStreams = deliverToStreams;
        EventTypes = new Dictionary<string, Type>(options.EventTypes);
    }

    public string Name => _options.Name;

    public string Namespace => _options.EffectiveNamespace;

    public int Partitions => _options.Partitions;

    public Type EventType => _options.EventType!;

    public IReadOnlyDictionary<string, Type> EventTypes { get; }

    public IReadOnlyList<Type> Views { get; }

    public IReadOnlyList<Type> PartitionViews { get; }

    /// <summary>Every view, key views first: a view's index here is how delivery, positions and status address it.</summary>
    public IReadOnlyList<Type> AllViews { get; }

    /// <summary>Per view of <see cref="AllViews"/>, its name with its version (<see cref="Kafka.ViewVersions.Name"/>).</summary>
    public IReadOnlyList<string> ViewNames { get; }

    /// <summary>Per view of <see cref="AllViews"/>, the version delivered there: 1 unless a rebuild made another.</summary>
    public IReadOnlyList<int> ViewVersions { get; }

    /// <summary>Per view of <see cref="AllViews"/>, where it starts on a partition where it is new.</summary>
    public IReadOnlyList<ViewStart> NewViewStarts { get; }

    /// <summary>
    /// Per view of <see cref="AllViews"/>, the view whose registry names its versions: its own name, or for a feed
    /// (<see cref="KafkaTopicOptions.WithFeed{TFeed, TView}"/>) the name of the view it feeds.
    /// </summary>
    public IReadOnlyList<string> ViewGroups { get; }

    /// <summary>The views as configured, by name without a version, each with the view whose versions it follows.</summary>
    public IEnumerable<(string View, string Group)> ConfiguredViews => _views.Where(v => v.Version == 1).Select(v => (v.Name, v.Group));

    public bool DeliverToStreams { get; }

    public string DeadLetterTopic => _options.EffectiveDeadLetterTopic;

    /// <summary>
    /// The topic with each view once per version <paramref name="delivered"/> names for it (in that order), every
    /// version but the first named and keyed apart. A version other than the first reads from the log's start.
    /// </summary>
    public KafkaTopic WithVersions(Func<string, IReadOnlyList<int>> delivered)
    {
        ArgumentNullException.ThrowIfNull(delivered);
        var views = _views
            .Where(v => v.Version == 1)
            .SelectMany(v => delivered(v.Group).Select((version, i) => v.As(version, i == 0 ? v.Start : ViewStart.Beginning)))
            .OrderBy(v => v.PartitionView)
            .ToArray();
        return new KafkaTopic(_options, views, DeliverToStreams);
    }

    /// <summary>
    /// The same topic with only the view at index <paramref name="view"/> of <see cref="AllViews"/> and no stream
    /// delivery: what a view's catch-up reader delivers to.
    /// </summary>
    public KafkaTopic WithOnly(int view) => new(_options, [_views[view]], deliverToStreams: false);

    private sealed record TopicView(Type Contract, string Name, string Group, int Version, ViewStart Start, bool PartitionView)
    {
        public static TopicView First(Type contract, KafkaTopicOptions options, bool partitionView) => new(
            contract,
            Kafka.ViewNames.Of(contract),
            Kafka.ViewNames.Of(options.Feeds.GetValueOrDefault(contract, contract)),
            1,
            options.NewViewStarts.GetValueOrDefault(contract),
            partitionView);

        public TopicView As(int version, ViewStart start) =>
            this with { Name = Kafka.ViewVersions.Name(Kafka.ViewNames.Of(Contract), version), Version = version, Start = start };
    }
}
