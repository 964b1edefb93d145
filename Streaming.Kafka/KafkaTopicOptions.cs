namespace ActorViews.Streaming.Kafka;

/// <summary>How one topic maps to Orleans streams and views.</summary>
public sealed class KafkaTopicOptions
{
    /// <summary>The topic name. Required.</summary>
    public string Name { get; set; } = "";

    /// <summary>The stream namespace of the topic's messages; the topic name when unset.</summary>
    public string? StreamNamespace { get; set; }

    /// <summary>The topic's partition count; each partition is one Orleans queue. Required.</summary>
    public int Partitions { get; set; }

    /// <summary>The type message values deserialize to when no <c>type</c> header names another. Required.</summary>
    public Type? EventType { get; set; }

    /// <summary>
    /// Further event types carried by the topic, keyed by the value of the message's <c>type</c> header.
    /// Each must be assignable to <see cref="EventType"/>.
    /// </summary>
    public Dictionary<string, Type> EventTypes { get; set; } = [];

    /// <summary>
    /// Grain interfaces, each implementing <see cref="IKafkaView{TEvent}"/> of <see cref="EventType"/>,
    /// that the delivery engine feeds directly with each key's events.
    /// </summary>
    public List<Type> Views { get; set; } = [];

    /// <summary>
    /// Grain interfaces, each implementing <see cref="IKafkaView{TEvent}"/> of <see cref="EventType"/>, that the
    /// delivery engine feeds with all of a partition's events (every message key) in offset order, one call at a
    /// time per partition, calling the grain whose key is <see cref="KafkaPartitionKey.Of"/> the partition.
    /// </summary>
    public List<Type> PartitionViews { get; set; } = [];

    /// <summary>
    /// Where a view of <see cref="Views"/> or <see cref="PartitionViews"/> starts on a partition where it is new
    /// (the topic's other views have positions there and it has none); <see cref="ViewStart.Beginning"/> when absent.
    /// </summary>
    public Dictionary<Type, ViewStart> NewViewStarts { get; set; } = [];

    /// <summary>Per feed (<see cref="WithFeed{TFeed, TView}"/>), the view it feeds, whose versions it follows.</summary>
    public Dictionary<Type, Type> Feeds { get; set; } = [];

    /// <summary>
    /// Whether messages are also delivered through Orleans streams (implicit and explicit subscriptions).
    /// Unset: only when the topic has no views (key or partition views), since stream delivery costs far more per key.
    /// </summary>
    public bool? DeliverToStreams { get; set; }

    /// <summary>The topic dead-lettered messages go to; <c>{Name}.dlq</c> when unset.</summary>
    public string? DeadLetterTopic { get; set; }

    /// <summary>The stream namespace in effect.</summary>
    public string EffectiveNamespace => string.IsNullOrEmpty(StreamNamespace) ? Name : StreamNamespace;

    /// <summary>The dead-letter topic in effect.</summary>
    public string EffectiveDeadLetterTopic => string.IsNullOrEmpty(DeadLetterTopic) ? Name + ".dlq" : DeadLetterTopic;

    /// <summary>Whether stream delivery is in effect.</summary>
    public bool EffectiveDeliverToStreams => DeliverToStreams ?? (Views.Count == 0 && PartitionViews.Count == 0);

    /// <summary>Feeds <typeparamref name="TView"/> grains with this topic's events.</summary>
    /// <typeparam name="TView">A grain interface implementing <see cref="IKafkaView{TEvent}"/>.</typeparam>
    /// <param name="start">Where the view starts on a partition that already has history when it is added.</param>
    /// <returns>These options, for chaining.</returns>
    public KafkaTopicOptions WithView<TView>(ViewStart start = ViewStart.Beginning)
        where TView : IGrainWithStringKey
    {
        Views.Add(typeof(TView));
        NewViewStarts[typeof(TView)] = start;
        return this;
    }

    /// <summary>Feeds one <typeparamref name="TView"/> grain per partition with all that partition's events, in offset order.</summary>
    /// <typeparam name="TView">A grain interface implementing <see cref="IKafkaView{TEvent}"/>.</typeparam>
    /// <param name="start">Where the view starts on a partition that already has history when it is added.</param>
    /// <returns>These options, for chaining.</returns>
    public KafkaTopicOptions WithPartitionView<TView>(ViewStart start = ViewStart.Beginning)
        where TView : IGrainWithStringKey
    {
        PartitionViews.Add(typeof(TView));
        NewViewStarts[typeof(TView)] = start;
        return this;
    }

    /// <summary>
    /// Adds a feed: a key view of this topic whose events end in the grains of view <typeparamref name="TView"/>
    /// (registered on another topic): it hands them on to those grains, or its grain class is theirs and keeps both
    /// in one state. What <typeparamref name="TView"/> keeps then depends on this topic too. A
    /// rebuild of <typeparamref name="TView"/> rebuilds the feed with it: the feed is delivered each version of
    /// <typeparamref name="TView"/> that is, its grain key carrying the version (<see cref="ViewVersions.GrainKey"/>),
    /// and hands the events to <typeparamref name="TView"/>'s grain of the same version; the switch waits for both.
    /// </summary>
    /// <typeparam name="TFeed">The feed's grain interface, an <see cref="IKafkaView{TEvent}"/> of this topic's event type.</typeparam>
    /// <typeparam name="TView">The view it feeds.</typeparam>
    /// <param name="start">Where the feed starts on a partition where it is new.</param>
    /// <returns>This topic, for chaining.</returns>
    public KafkaTopicOptions WithFeed<TFeed, TView>(ViewStart start = ViewStart.Beginning)
        where TFeed : IGrainWithStringKey
        where TView : IGrainWithStringKey
    {
        WithView<TFeed>(start);
        Feeds[typeof(TFeed)] = typeof(TView);
        return this;
    }

    /// <summary>Declares another event type, told apart by the <c>type</c> header.</summary>
    /// <typeparam name="TEvent">The event type.</typeparam>
    /// <param name="typeHeader">The header value that names it.</param>
    /// <returns>These options, for chaining.</returns>
    public KafkaTopicOptions WithEventType<TEvent>(string typeHeader)
    {
        EventTypes[typeHeader] = typeof(TEvent);
        return this;
    }
}
