using System.Threading.Channels;
using ActorViews.Gateway.Endpoints;
using ActorViews.Tests.Shared;

namespace ActorViews.Integration.Tests.Http;

/// <summary>
/// The shared status read behind <c>/v1/status</c>, the status page and the dependency probes: one read at a
/// time, and a read slower than a caller may wait still leaves callers an answer.
/// </summary>
public sealed class StatusCacheTests
{
    private static readonly TimeSpan FreshFor = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly Clock _clock = new();
    private readonly Channel<TaskCompletionSource<string>> _started = Channel.CreateUnbounded<TaskCompletionSource<string>>();
    private int _reads;

    [Fact]
    public async Task A_slow_read_serves_the_previous_answer_and_freshness_counts_from_when_a_read_ends()
    {
        var cache = new StatusCache<string>(StartRead, FreshFor, _clock);

        var first = cache.GetAsync(Patience, CancellationToken.None);
        Assert.False(first.IsCompleted, "with no answer yet, the first caller waits for the read");
        (await NextReadAsync()).SetResult("a");
        Assert.Equal("a", await first);

        // Older than FreshFor: a new read starts, and callers meanwhile get the previous answer at once.
        _clock.Advance(TimeSpan.FromSeconds(2));
        var during = cache.GetAsync(Patience, CancellationToken.None);
        Assert.True(during.IsCompletedSuccessfully, "a caller should not wait behind a slow read while an answer exists");
        Assert.Equal("a", await during);
        Assert.Equal("a", await cache.GetAsync(Patience, CancellationToken.None));
        var second = await NextReadAsync();

        // The read took longer than FreshFor, yet its answer is fresh from the moment it arrived.
        _clock.Advance(TimeSpan.FromSeconds(3));
        second.SetResult("b");
        await WhenAnsweredAsync(cache, "b");
        _clock.Advance(TimeSpan.FromMilliseconds(500));
        Assert.Equal("b", await cache.GetAsync(Patience, CancellationToken.None));

        // An answer too old to serve makes the caller wait for the read in flight, at most its timeout.
        _clock.Advance(StatusCache<string>.ServeStaleFor);
        await Assert.ThrowsAsync<TimeoutException>(() => cache.GetAsync(TimeSpan.FromMilliseconds(50), CancellationToken.None));
        await NextReadAsync();

        // Every caller above shared these three reads: none started one of its own.
        Assert.Equal(3, Volatile.Read(ref _reads));
    }

    private Task<string> StartRead()
    {
        Interlocked.Increment(ref _reads);
        var read = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        _started.Writer.TryWrite(read);
        return read.Task;
    }

    // The read's answer is stored by its continuation; wait for it to be served rather than for a fixed time.
    private static Task WhenAnsweredAsync(StatusCache<string> cache, string expected) =>
        Deadline.Until(async () => await cache.GetAsync(Patience, CancellationToken.None) == expected, Patience, $"the cache to serve '{expected}' once its read ended");

    // Reads start on the thread pool: wait for the next one to begin.
    private Task<TaskCompletionSource<string>> NextReadAsync() =>
        Deadline.Within(_started.Reader.ReadAsync().AsTask(), Patience, "the cache to start a read");

    private sealed class Clock : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
