namespace ActorViews.Gateway.Endpoints;

/// <summary>
/// One read of something costly (the partitions' status is ~41 broker requests, a health check a round trip)
/// shared by every caller: an answer younger than <c>freshFor</c> is reused, and callers that come while a read
/// runs wait for that read instead of starting their own. So however often pages, probes and clients ask, at
/// most one read runs at a time and at most one starts per <c>freshFor</c>; a caller waits at most its timeout.
/// </summary>
/// <typeparam name="T">What is read.</typeparam>
internal sealed class StatusCache<T>(Func<Task<T>> read, TimeSpan freshFor, TimeProvider time)
{
    private readonly Lock _lock = new();
    private Task<T>? _last;
    private DateTimeOffset _lastStarted;

    /// <summary>The latest answer, or a <see cref="TimeoutException"/> when none comes within <paramref name="timeout"/>.</summary>
    public Task<T> GetAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var now = time.GetUtcNow();
            if (_last is null || (_last.IsCompleted && now - _lastStarted >= freshFor))
            {
                _lastStarted = now;
                // Started apart from the caller, whose cancellation must not fail the others waiting on it.
                _last = Task.Run(read, CancellationToken.None);
            }

            return _last.WaitAsync(timeout, time, cancellationToken);
        }
    }
}
