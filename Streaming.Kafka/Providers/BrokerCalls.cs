namespace ActorViews.Streaming.Kafka.Providers;

/// <summary>
/// Runs librdkafka's synchronous calls (commits, committed offsets, watermarks, metadata, close) on threads of
/// their own. Each blocks its thread for up to its timeout, and while the brokers are away every partition's
/// commit tick makes one: on the shared thread pool a few dozen of them starve the rest of the silo (HTTP
/// probes, grain calls, status) until the pool has grown by as many threads, at about two a second.
/// </summary>
internal static class BrokerCalls
{
    private const TaskCreationOptions OwnThread = TaskCreationOptions.LongRunning | TaskCreationOptions.DenyChildAttach;

    /// <summary>Runs <paramref name="call"/> on a thread of its own.</summary>
    public static Task<T> RunAsync<T>(Func<T> call) =>
        Task.Factory.StartNew(call, CancellationToken.None, OwnThread, TaskScheduler.Default);

    /// <summary>Runs <paramref name="call"/> on a thread of its own.</summary>
    public static Task RunAsync(Action call) =>
        Task.Factory.StartNew(call, CancellationToken.None, OwnThread, TaskScheduler.Default);

    /// <summary>
    /// Calls <paramref name="call"/> for each index below <paramref name="count"/>, at most
    /// <paramref name="atOnce"/> side by side, and rethrows the first failure.
    /// </summary>
    public static void ForEach(int count, int atOnce, Action<int> call)
    {
        var next = -1;
        var workers = Enumerable.Range(0, Math.Min(count, atOnce)).Select(_ => RunAsync(() =>
        {
            for (var i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next))
            {
                call(i);
            }
        }));
        Task.WhenAll(workers).GetAwaiter().GetResult();
    }
}
