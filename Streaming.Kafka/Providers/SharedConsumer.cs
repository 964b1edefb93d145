using Confluent.Kafka;

namespace ActorViews.Streaming.Kafka.Providers;

/// <summary>
/// A consumer that never reads, only asks and commits offsets for a group, built on first use and shared by
/// every partition's calls, which run side by side (librdkafka's calls on one handle are thread-safe).
/// <see cref="Dispose"/> waits for the calls in flight: librdkafka crashes the process when a destroyed handle
/// is used, as a call racing host shutdown would.
/// </summary>
internal sealed class SharedConsumer(ConsumerConfig config) : IDisposable
{
    private readonly Lazy<IConsumer<byte[]?, byte[]?>> _consumer = new(() => new ConsumerBuilder<byte[]?, byte[]?>(config).Build());
    private readonly ReaderWriterLockSlim _gate = new();
    private bool _disposed;

    /// <summary>Runs <paramref name="call"/> with the consumer, unless it has been disposed.</summary>
    /// <exception cref="ObjectDisposedException">The consumer has been disposed.</exception>
    public T Use<T>(Func<IConsumer<byte[]?, byte[]?>, T> call)
    {
        _gate.EnterReadLock();
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return call(_consumer.Value);
        }
        finally
        {
            _gate.ExitReadLock();
        }
    }

    /// <summary>Commits <paramref name="offsets"/> for the consumer's group.</summary>
    public void Commit(IEnumerable<TopicPartitionOffset> offsets) => Use(consumer =>
    {
        consumer.Commit(offsets);
        return true;
    });

    /// <summary>The group's committed offset of <paramref name="partition"/>, or null when it has none.</summary>
    public long? Committed(TopicPartition partition, TimeSpan timeout) => Use(consumer =>
    {
        var committed = consumer.Committed([partition], timeout).Single().Offset;
        return committed.IsSpecial ? (long?)null : committed.Value;
    });

    public void Dispose()
    {
        _gate.EnterWriteLock();
        try
        {
            _disposed = true;
            if (_consumer.IsValueCreated)
            {
                _consumer.Value.Dispose();
            }
        }
        finally
        {
            _gate.ExitWriteLock();
        }
    }
}
