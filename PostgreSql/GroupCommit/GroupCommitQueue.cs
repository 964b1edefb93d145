using System.Threading.Channels;

namespace ActorViews.PostgreSql;

/// <summary>
/// The writes waiting for a round trip, and the loops that send them: each loop takes what has queued (up to a
/// batch) and writes it together, so while one batch is in flight the next writes gather behind it. Bounded: a
/// write waits for a place when the queue is full.
/// </summary>
internal sealed class GroupCommitQueue
{
    private readonly Channel<PendingWrite> _queue;
    private readonly Func<List<PendingWrite>, Task> _writeBatch;
    private readonly int _maxBatchSize;
    private readonly int _loopCount;
    private Task _loops = Task.CompletedTask;

    /// <summary>Creates the queue; nothing is sent before <see cref="Start"/>.</summary>
    /// <param name="options">The batch size, queue length and number of round trips in flight.</param>
    /// <param name="writeBatch">Writes a batch and completes each of its writes; must not throw.</param>
    public GroupCommitQueue(PostgresGroupCommitOptions options, Func<List<PendingWrite>, Task> writeBatch)
    {
        ArgumentNullException.ThrowIfNull(options);
        _queue = Channel.CreateBounded<PendingWrite>(new BoundedChannelOptions(options.MaxQueuedWrites)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = options.MaxConcurrentBatches == 1,
        });
        _writeBatch = writeBatch;
        _maxBatchSize = options.MaxBatchSize;
        _loopCount = options.MaxConcurrentBatches;
    }

    /// <summary>Starts the loops that send batches.</summary>
    public void Start() => _loops = Task.WhenAll(Enumerable.Range(0, _loopCount).Select(_ => Task.Run(SendBatchesAsync)));

    /// <summary>Queues <paramref name="write"/>, waiting for a place while the queue is full.</summary>
    /// <exception cref="InvalidOperationException">The storage has stopped.</exception>
    public async Task EnqueueAsync(PendingWrite write)
    {
        try
        {
            await _queue.Writer.WriteAsync(write).ConfigureAwait(false);
        }
        catch (ChannelClosedException closed)
        {
            throw new InvalidOperationException("The grain storage has stopped; the write was not sent.", closed);
        }
    }

    /// <summary>Takes no more writes, sends those queued, and completes once every batch is written.</summary>
    public Task StopAsync()
    {
        _queue.Writer.TryComplete();
        return _loops;
    }

    private async Task SendBatchesAsync()
    {
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            var batch = new List<PendingWrite>(Math.Min(_maxBatchSize, reader.Count + 1));
            while (batch.Count < _maxBatchSize && reader.TryRead(out var write))
            {
                batch.Add(write);
            }

            if (batch.Count == 0)
            {
                continue;
            }

            try
            {
                await _writeBatch(batch).ConfigureAwait(false);
            }
            catch (Exception unexpected)
            {
                // The writer completes every write itself; should it ever throw, its writers must still hear of it
                // and this loop must live on, or every later write would wait forever.
                foreach (var write in batch)
                {
                    write.Fail(unexpected);
                }
            }
        }
    }
}
