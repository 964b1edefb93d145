namespace ActorViews.Grains;

/// <summary>
/// Long-polls parked on a view grain. The grain calls <see cref="Notify"/> after each change; waiters whose
/// condition now holds are released. Single-threaded like the grain that owns it (no locks).
/// </summary>
internal sealed class ViewWaiters
{
    private readonly List<(Func<bool> Condition, TaskCompletionSource Released)> _waiters = [];
    private readonly Lock _lock = new();

    /// <summary>How many callers are waiting now.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _waiters.Count;
            }
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds; false when <paramref name="timeout"/> passed first.</summary>
    /// <remarks>The waiter is removed whichever way the wait ends, so timed-out callers leave nothing behind.</remarks>
    public async Task<bool> WaitAsync(Func<bool> condition, TimeSpan timeout)
    {
        if (condition())
        {
            return true;
        }

        if (timeout <= TimeSpan.Zero)
        {
            return false;
        }

        var waiter = (condition, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        lock (_lock)
        {
            _waiters.Add(waiter);
        }

        try
        {
            await waiter.Item2.Task.WaitAsync(timeout);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
        finally
        {
            lock (_lock)
            {
                _waiters.Remove(waiter);
            }
        }
    }

    /// <summary>Releases every waiter whose condition holds now.</summary>
    public void Notify()
    {
        (Func<bool> Condition, TaskCompletionSource Released)[] waiting;
        lock (_lock)
        {
            waiting = [.. _waiters];
        }

        foreach (var (condition, released) in waiting)
        {
            if (condition())
            {
                released.TrySetResult();
            }
        }
    }
}
