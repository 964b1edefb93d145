using Orleans.Streams;

namespace ActorViews.Streaming.Kafka.Providers;

/// <summary>
/// The provider's topics and the one mapping between them and Orleans: a topic-partition is a queue, a
/// message key in a topic's namespace is a stream, and a stream lives in the partition its key hashes to.
/// </summary>
internal sealed class KafkaTopicCatalog
{
    private readonly Dictionary<string, KafkaTopic> _byName;
    private readonly Dictionary<string, KafkaTopic> _byNamespace;
    private readonly QueueId[] _queues;

    public KafkaTopicCatalog(KafkaStreamOptions options)
    {
        var topics = options.Topics.Select(t => new KafkaTopic(t)).ToList();
        _byName = topics.ToDictionary(t => t.Name, StringComparer.Ordinal);
        _byNamespace = topics.ToDictionary(t => t.Namespace, StringComparer.Ordinal);

        // Spread the queues evenly over the hash ring so the consistent-ring balancer splits them fairly.
        var all = topics.SelectMany(t => Enumerable.Range(0, t.Partitions).Select(p => (t.Name, p))).ToList();
        var step = uint.MaxValue / (uint)Math.Max(all.Count, 1);
        _queues = [.. all.Select((q, i) => QueueId.GetQueueId(q.Name, (uint)q.p, (uint)i * step))];
    }

    public IReadOnlyCollection<KafkaTopic> Topics => _byName.Values;

    public IReadOnlyList<QueueId> Queues => _queues;

    /// <summary>The views with a version registry of their own, by name: every view but the feeds, which follow the view they feed.</summary>
    public IReadOnlyList<string> RebuildableViews => [.. Topics.SelectMany(t => t.ConfiguredViews).Select(v => v.Group).Distinct(StringComparer.Ordinal)];

    /// <summary>The view whose versions view <paramref name="view"/> follows: itself, or the view a feed feeds.</summary>
    public string VersionGroupOf(string view) =>
        Topics.SelectMany(t => t.ConfiguredViews).FirstOrDefault(v => v.View == view) is { Group: { } group } ? group : view;

    /// <summary>On how many partitions, counted per view, the views that follow <paramref name="group"/>'s versions read.</summary>
    public int PartitionsOf(string group) => Topics.Sum(t => t.ConfiguredViews.Count(v => v.Group == group) * t.Partitions);

    public KafkaTopic GetTopic(string name) =>
        _byName.TryGetValue(name, out var topic)
            ? topic
            : throw new ArgumentException($"Topic '{name}' is not configured on this stream provider.", nameof(name));

    public KafkaTopic GetTopicOfNamespace(string streamNamespace) =>
        _byNamespace.TryGetValue(streamNamespace, out var topic)
            ? topic
            : throw new ArgumentException($"No configured topic carries stream namespace '{streamNamespace}'.", nameof(streamNamespace));

    public QueueId GetQueue(string topic, int partition) =>
        _queues.First(q => q.GetStringNamePrefix() == topic && q.GetNumericId() == (uint)partition);

    public (KafkaTopic Topic, int Partition) Resolve(QueueId queue) =>
        (GetTopic(queue.GetStringNamePrefix()), (int)queue.GetNumericId());

    public QueueId GetQueueForStream(StreamId streamId)
    {
        var topic = GetTopicOfNamespace(streamId.GetNamespace() ?? "");
        return GetQueue(topic.Name, KafkaPartitioner.PartitionFor(streamId.Key.Span, topic.Partitions));
    }
}
