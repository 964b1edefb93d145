using System.Diagnostics;

namespace ActorViews.Ingest;

/// <summary>
/// Process-wide counts the harness watches to know when a pass is complete. A static is acceptable here
/// because every measurement runs in its own process with one silo; tests must not do this.
/// </summary>
internal static class BenchCounters
{
    private static readonly Lock Gate = new();
    private static long _applied;
    private static long _activations;
    private static long _target = long.MaxValue;
    private static TaskCompletionSource<long>? _reached;

    public static long Applied => Interlocked.Read(ref _applied);

    public static long Activations => Interlocked.Read(ref _activations);

    public static void AddActivation() => Interlocked.Increment(ref _activations);

    public static void AddApplied(int count)
    {
        var total = Interlocked.Add(ref _applied, count);
        if (total >= Interlocked.Read(ref _target) && total - count < Interlocked.Read(ref _target))
        {
            // The stopwatch timestamp of the apply that completed the pass, not of when a poller noticed.
            var now = Stopwatch.GetTimestamp();
            lock (Gate)
            {
                _reached?.TrySetResult(now);
            }
        }
    }

    /// <summary>Completes with the stopwatch timestamp at which the applied count reached <paramref name="target"/>.</summary>
    public static Task<long> WhenApplied(long target)
    {
        lock (Gate)
        {
            _reached = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
            Interlocked.Exchange(ref _target, target);
            if (Applied >= target)
            {
                _reached.TrySetResult(Stopwatch.GetTimestamp());
            }

            return _reached.Task;
        }
    }
}
