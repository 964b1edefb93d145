namespace ActorViews.Streaming.Kafka.Delivery;

/// <summary>
/// Runs work for different keys concurrently and for one key strictly in the order it was enqueued, so a
/// key's next batch can be read and queued while its previous batch is still being applied.
/// </summary>
internal sealed class KeyedSequencer
{
    private readonly Dictionary<string, Task> _tails = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>Starts <paramref name="work"/> once every earlier work of <paramref name="key"/> finished.</summary>
    /// <remarks>
    /// Called from one thread (the partition's dispatch loop). <paramref name="work"/> must not throw: a
    /// failure belongs to the work's own handling.
    /// </remarks>
    public Task Enqueue(string key, Func<Task> work)
    {
        Task? previous;
        lock (_lock)
        {
            _tails.TryGetValue(key, out previous);
        }

        var task = previous is null ? work() : After(previous, work);
        lock (_lock)
        {
            _tails[key] = task;
        }

        if (task.IsCompleted)
        {
            Forget(key, task);
        }
        else
        {
            task.ContinueWith((t, state) => Forget((string)state!, t), key, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
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

    private static async Task After(Task previous, Func<Task> work)
    {
        await previous.ConfigureAwait(false);
        await work().ConfigureAwait(false);
    }

    private void Forget(string key, Task task)
    {
        lock (_lock)
        {
            if (_tails.TryGetValue(key, out var current) && current == task)
            {
                _tails.Remove(key);
            }
        }
    }
}
