namespace ActorViews.Streaming.Kafka.Delivery;

/// <summary>
/// Runs work for different keys concurrently and for one key strictly in the order it was enqueued, so a
/// key's next batch can be read and queued while its previous batch is still being applied.
/// </summary>
/// <remarks>
/// At a hundred thousand keys nearly every event starts its own work, so this is on the hot path: a key's
/// entry is not removed by a continuation per work (an allocation and a lock per event) but swept once the
/// table has doubled, which keeps it at about the number of keys with work in flight.
/// </remarks>
internal sealed class KeyedSequencer
{
    private const int MinSweepSize = 1024;

    private readonly Dictionary<string, Task> _tails = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private int _sweepAt = MinSweepSize;

    /// <summary>How many keys the sequencer holds an entry for; bounded by a sweep, for tests and diagnostics.</summary>
    public int TrackedKeys
    {
        get
        {
            lock (_lock)
            {
                return _tails.Count;
            }
        }
    }

    /// <summary>Starts <paramref name="work"/> once every earlier work of <paramref name="key"/> finished.</summary>
    /// <remarks>Called from one thread (the partition's dispatch loop).</remarks>
    public Task Enqueue(string key, ISequencedWork work)
    {
        Task? previous;
        lock (_lock)
        {
            _tails.TryGetValue(key, out previous);
        }

        var task = previous is null || previous.IsCompleted ? work.RunAsync() : After(previous, work);
        lock (_lock)
        {
            _tails[key] = task;
            if (_tails.Count >= _sweepAt)
            {
                Sweep();
            }
        }

        return task;
    }

    /// <summary>Completes when all work enqueued so far has finished.</summary>
    public Task WhenAllAsync()
    {
        lock (_lock)
        {
            return Task.WhenAll([.. _tails.Values]);
        }
    }

    private static async Task After(Task previous, ISequencedWork work)
    {
        await previous.ConfigureAwait(false);
        await work.RunAsync().ConfigureAwait(false);
    }

    private void Sweep()
    {
        foreach (var (key, task) in _tails)
        {
            if (task.IsCompleted)
            {
                _tails.Remove(key);
            }
        }

        _sweepAt = Math.Max(MinSweepSize, _tails.Count * 2);
    }
}
