using System.Collections.Concurrent;
using ActorViews.Streaming.Kafka.Delivery;
using ActorViews.Streaming.Kafka.Diagnostics;
using Orleans.Streams;

namespace ActorViews.Streaming.Kafka.Providers;

/// <summary>
/// The partitions this silo reads for one provider: their pumps, so a queue's failure handler can reach its
/// pump, and the condition of every partition Orleans gives this silo, started or not.
/// </summary>
internal sealed class KafkaReceiverRegistry
{
    private readonly ConcurrentDictionary<QueueId, PartitionPump> _pumps = new();
    private readonly ConcurrentDictionary<QueueId, PartitionHealth> _health = new();

    public void Add(QueueId queue, PartitionPump pump) => _pumps[queue] = pump;

    public void Remove(QueueId queue, PartitionPump pump) => _pumps.TryRemove(new KeyValuePair<QueueId, PartitionPump>(queue, pump));

    public bool TryGet(QueueId queue, out PartitionPump pump) => _pumps.TryGetValue(queue, out pump!);

    public void Track(QueueId queue, PartitionHealth health) => _health[queue] = health;

    public void Untrack(QueueId queue, PartitionHealth health) => _health.TryRemove(new KeyValuePair<QueueId, PartitionHealth>(queue, health));

    /// <summary>The condition of every partition this silo's receivers hold now.</summary>
    public IReadOnlyList<KafkaPartitionHealth> Conditions() => [.. _health.Values.Select(h => h.Current).OrderBy(h => h.Topic, StringComparer.Ordinal).ThenBy(h => h.Partition)];
}
