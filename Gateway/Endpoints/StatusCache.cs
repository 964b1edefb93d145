namespace ActorViews.Gateway.Endpoints;

/// <summary>
/// One read of something costly (the partitions' status is ~41 broker requests, a health check a round trip)
/// shared by every caller: an answer younger than <c>freshFor</c> is reused, and at most one read runs at a time.
/// While a newer read runs, callers get the previous answer at once if it is younger than
/// <see cref="ServeStaleFor"/>: a read that takes longer than a caller may wait (a loaded broker, a cluster of
/// many partitions) must not turn every answer into a timeout. Only a caller with no usable answer waits for
/// the read, at most its timeout.
/// </summary>
/// <typeparam name="T">What is read.</typeparam>
internal sealed class StatusCache<T>(Func<Task<T>> read, TimeSpan freshFor, TimeProvider time)
{
    /// <summary>How old an answer may be served while a newer read runs.</summary>
    public static readonly TimeSpan ServeStaleFor = TimeSpan.FromSeconds(30);

    private readonly Lock _lock = new();
    private Task<T>? _reading;
    private (T Value, DateTimeOffset ReadAt)? _answer;

    /// <summary>The latest answer, or a <see cref="TimeoutException"/> when none comes within <paramref name="timeout"/>.</summary>
    public Task<T> GetAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var now = time.GetUtcNow();
            if (_answer is { } fresh && now - fresh.ReadAt < freshFor)
            {
                return Task.FromResult(fresh.Value);
            }

            if (_reading is null || _reading.IsCompleted)
            {
                // Started apart from the caller, whose cancellation must not fail the others waiting on it.
                _reading = Task.Run(ReadAsync, CancellationToken.None);
            }

            return _answer is { } stale && now - stale.ReadAt < ServeStaleFor
                ? Task.FromResult(stale.Value)
                : _reading.WaitAsync(timeout, time, cancellationToken);
        }
    }

    private async Task<T> ReadAsync()
    {
        var value = await read().ConfigureAwait(false);
        lock (_lock)
        {
            // Fresh from when it was read, not from when the read started: a slow read is not stale on arrival.
            _answer = (value, time.GetUtcNow());
        }

        return value;
    }
}
