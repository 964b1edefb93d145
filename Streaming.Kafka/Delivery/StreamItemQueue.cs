using System.Collections.Concurrent;
using ActorViews.Streaming.Kafka.Providers;
using Confluent.Kafka;
using Orleans.Streams;

namespace ActorViews.Streaming.Kafka.Delivery;

/// <summary>
/// The Orleans stream side of a partition: events wait here for the pulling agent, at most
/// <c>capacity</c> of them (the intake waits beyond that), and stay pending until the agent reports them
/// delivered or the failure handler dead-letters them; either counts as the stream consumers' delivery.
/// </summary>
internal sealed class StreamItemQueue : IDisposable
{
    private readonly string _namespace;
    private readonly int _partition;
    private readonly Action<OffsetTracker.Segment, int> _markDelivered;
    private readonly ConcurrentQueue<KafkaBatchContainer> _items = new();
    private readonly SemaphoreSlim _capacity;

    // Stream events not yet delivered, for the failure handler to dead-letter.
    private readonly ConcurrentDictionary<long, (KafkaBatchContainer Container, ConsumeResult<byte[]?, byte[]?> Raw)> _pending = new();

    /// <param name="streamNamespace">The stream namespace of the partition's topic.</param>
    /// <param name="partition">The partition.</param>
    /// <param name="capacity">How many events may wait for the pulling agent.</param>
    /// <param name="markDelivered">Records the stream consumers' delivery of one event with the commit rule.</param>
    public StreamItemQueue(string streamNamespace, int partition, int capacity, Action<OffsetTracker.Segment, int> markDelivered)
    {
        _namespace = streamNamespace;
        _partition = partition;
        _markDelivered = markDelivered;
        _capacity = new SemaphoreSlim(capacity);
    }

    /// <summary>Events waiting for or in delivery to stream consumers.</summary>
    public int PendingCount => _pending.Count;

    /// <summary>Queues a decoded event for the pulling agent; waits while the queue is full.</summary>
    public async Task AddAsync(DecodedMessage message, CancellationToken token)
    {
        await _capacity.WaitAsync(token).ConfigureAwait(false);
        var streamId = StreamId.Create(_namespace, message.Key!);
        var container = new KafkaBatchContainer(streamId, message.Event!, new KafkaSequenceToken(_partition, message.Offset))
        {
            Segment = message.Segment,
            Index = message.Index,
        };
        _pending[message.Offset] = (container, message.Raw);
        _items.Enqueue(container);
    }

    /// <summary>Takes up to <paramref name="maxCount"/> events waiting for Orleans stream consumers.</summary>
    public IList<IBatchContainer> Take(int maxCount)
    {
        var items = new List<IBatchContainer>(Math.Min(maxCount, _items.Count));
        while (items.Count < maxCount && _items.TryDequeue(out var item))
        {
            items.Add(item);
        }

        if (items.Count > 0)
        {
            _capacity.Release(items.Count);
        }

        return items;
    }

    /// <summary>Records events the Orleans pulling agent has finished delivering to stream consumers.</summary>
    /// <remarks>
    /// An event no longer pending was counted already (dead-lettered by the failure handler, or reported
    /// twice): counting it again would spend the views' share of a topic that has both, and let the commit
    /// pass an event a view is still applying.
    /// </remarks>
    public void MarkDelivered(IList<IBatchContainer> items)
    {
        foreach (var item in items)
        {
            if (item is KafkaBatchContainer { Segment: { } segment } container && _pending.TryRemove(container.Token.SequenceNumber, out _))
            {
                _markDelivered(segment, container.Index);
            }
        }
    }

    /// <summary>The raw message of a pending stream event, to dead-letter it; false when it is not pending.</summary>
    public bool TryGetPending(long offset, out ConsumeResult<byte[]?, byte[]?> raw)
    {
        var found = _pending.TryGetValue(offset, out var pending);
        raw = pending.Raw;
        return found;
    }

    /// <summary>Records a pending stream event as dead-lettered, which is its stream consumers' delivery.</summary>
    public void MarkDeadLettered(long offset)
    {
        if (_pending.TryRemove(offset, out var pending))
        {
            _markDelivered(pending.Container.Segment!, pending.Container.Index);
        }
    }

    public void Dispose() => _capacity.Dispose();
}
