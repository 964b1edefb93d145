using System.Collections.Concurrent;
using ActorViews.Streaming.Kafka.Delivery;
using Orleans.Streams;

namespace ActorViews.Streaming.Kafka.Providers;

/// <summary>The partitions this silo reads for one provider, so a queue's failure handler can reach its pump.</summary>
internal sealed class KafkaReceiverRegistry
{
    private readonly ConcurrentDictionary<QueueId, PartitionPump> _pumps = new();

    public void Add(QueueId queue, PartitionPump pump) => _pumps[queue] = pump;

    public void Remove(QueueId queue, PartitionPump pump) => _pumps.TryRemove(new KeyValuePair<QueueId, PartitionPump>(queue, pump));

    public bool TryGet(QueueId queue, out PartitionPump pump) => _pumps.TryGetValue(queue, out pump!);
}
