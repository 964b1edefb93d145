using ActorViews.Streaming.Kafka.Delivery;
using Confluent.Kafka;

namespace ActorViews.Streaming.Kafka.Providers;

/// <summary>
/// Keeps each view's position per partition as the committed offset of a consumer group of its own,
/// <c>&lt;group&gt;.view.&lt;view-name&gt;</c> (<see cref="ViewNames.ProgressGroup"/>), beside the main group whose
/// offset stays the minimum over the views. As with <see cref="KafkaOwnershipFence"/>, commit metadata would be
/// the natural home, but Confluent.Kafka cannot write or read it; a group per view works on every broker.
/// </summary>
internal sealed class KafkaViewPositions(KafkaStreamOptions options, string providerName) : IViewPositionStore, IDisposable
{
    private readonly Dictionary<string, IConsumer<byte[]?, byte[]?>> _consumers = new(StringComparer.Ordinal);

    // Calls run concurrently for many partitions; Dispose waits for those in flight, since librdkafka crashes
    // the process when a destroyed handle is used.
    private readonly ReaderWriterLockSlim _gate = new();
    private readonly Lock _create = new();
    private bool _disposed;

    public IReadOnlyDictionary<string, long> Read(TopicPartition partition, IReadOnlyList<string> views, TimeSpan timeout) => Use(() =>
    {
        var positions = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var view in views)
        {
            var committed = Consumer(view).Committed([partition], timeout).Single().Offset;
            if (!committed.IsSpecial)
            {
                positions[view] = committed.Value;
            }
        }

        return positions;
    });

    public void Commit(TopicPartition partition, string view, long offset) => Use(() =>
    {
        Consumer(view).Commit([new TopicPartitionOffset(partition, offset)]);
        return true;
    });

    public void Dispose()
    {
        _gate.EnterWriteLock();
        try
        {
            _disposed = true;
            foreach (var consumer in _consumers.Values)
            {
                consumer.Dispose();
            }
        }
        finally
        {
            _gate.ExitWriteLock();
        }
    }

    private IConsumer<byte[]?, byte[]?> Consumer(string view)
    {
        lock (_create)
        {
            if (!_consumers.TryGetValue(view, out var consumer))
            {
                var config = KafkaClientConfig.ForConsumer(options, $"actorviews-{providerName}-view-{view}");
                config.GroupId = ViewNames.ProgressGroup(options.ConsumerGroupId, view);
                consumer = new ConsumerBuilder<byte[]?, byte[]?>(config).Build();
                _consumers[view] = consumer;
            }

            return consumer;
        }
    }

    private T Use<T>(Func<T> call)
    {
        _gate.EnterReadLock();
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return call();
        }
        finally
        {
            _gate.ExitReadLock();
        }
    }
}
