using System.Threading.Tasks.Sources;

namespace ActorViews.Streaming.Kafka.Delivery;

/// <summary>
/// Bounds the view calls a partition has in flight. There is one waiter (the partition's dispatch loop) and
/// releases come from any thread. Unlike <see cref="SemaphoreSlim.WaitAsync(CancellationToken)"/>, a wait
/// that has to wait allocates nothing, and at a hundred thousand keys the loop waits once per event.
/// </summary>
internal sealed class CallGate : IValueTaskSource, IDisposable
{
    private readonly Lock _lock = new();
    private readonly CancellationToken _token;
    private readonly CancellationTokenRegistration _cancellation;
    private ManualResetValueTaskSourceCore<bool> _waiter = new() { RunContinuationsAsynchronously = true };
    private int _free;
    private bool _waiting;

    /// <summary>A gate with <paramref name="permits"/> calls; a wait ends with cancellation when <paramref name="token"/> is.</summary>
    public CallGate(int permits, CancellationToken token)
    {
        _free = permits;
        _token = token;
        _cancellation = token.Register(static gate => ((CallGate)gate!).Cancel(), this);
    }

    /// <summary>Takes a permit, waiting for one to be released if there is none.</summary>
    public ValueTask WaitAsync()
    {
        lock (_lock)
        {
            _token.ThrowIfCancellationRequested();
            if (_free > 0)
            {
                _free--;
                return ValueTask.CompletedTask;
            }

            _waiter.Reset();
            _waiting = true;
            return new ValueTask(this, _waiter.Version);
        }
    }

    /// <summary>Returns a permit: to the waiter if there is one.</summary>
    public void Release()
    {
        lock (_lock)
        {
            if (!_waiting)
            {
                _free++;
                return;
            }

            _waiting = false;
        }

        _waiter.SetResult(true);
    }

    public void Dispose() => _cancellation.Dispose();

    void IValueTaskSource.GetResult(short token) => _waiter.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _waiter.GetStatus(token);

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _waiter.OnCompleted(continuation, state, token, flags);

    private void Cancel()
    {
        lock (_lock)
        {
            if (!_waiting)
            {
                return;
            }

            _waiting = false;
        }

        _waiter.SetException(new OperationCanceledException(_token));
    }
}
