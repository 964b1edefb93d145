using ActorViews.Streaming.Kafka;

namespace ActorViews.Grains;

/// <summary>
/// What every view grain of the ecosystem does around its own logic: applies a change and writes it as one unit
/// (reverted whole when either fails), reports the log resets it found once stored, then releases the
/// long-polls the change satisfies.
/// </summary>
/// <typeparam name="TState">The view's persisted record.</typeparam>
/// <param name="state">The view's persistent state.</param>
/// <param name="grain">The grain that owns it, in whose context every call runs.</param>
/// <param name="logResets">Where the log resets go.</param>
/// <param name="offsetsOf">The applied offsets the record keeps.</param>
internal sealed class ViewKeeper<TState>(
    IPersistentState<TState> state,
    IGrainBase grain,
    IKafkaLogResetReporter logResets,
    Func<TState, IEnumerable<AppliedOffsets>> offsetsOf)
{
    private readonly ViewWaiters _waiters = new();

    /// <summary>The view's state as it is now; a failed change replaces it with what is stored.</summary>
    public TState State => state.State;

    /// <summary>How many long-polls are waiting now.</summary>
    public int WaiterCount => _waiters.Count;

    /// <summary>
    /// Runs <paramref name="apply"/> on the state and, when it changed something, writes the state durably
    /// before returning (the provider commits the events once the call completes) and notifies the waiters.
    /// </summary>
    /// <param name="apply">Changes <see cref="State"/>; returns whether anything changed.</param>
    public async Task ApplyAsync(Func<Task<bool>> apply)
    {
        if (await state.ApplyOrRevertAsync(grain, apply))
        {
            foreach (var offsets in offsetsOf(state.State))
            {
                offsets.ReportLogResets(logResets);
            }

            _waiters.Notify();
        }
    }

    /// <inheritdoc cref="ApplyAsync(Func{Task{bool}})"/>
    public Task ApplyAsync(Func<bool> apply) => ApplyAsync(() => Task.FromResult(apply()));

    /// <summary>Waits until <paramref name="condition"/> holds, at most <see cref="ViewWaits.MaxTimeout"/>; answers with the view as it is then.</summary>
    /// <param name="condition">What the caller waits for, read from <see cref="State"/> each time.</param>
    /// <param name="snapshot">The view as callers see it.</param>
    /// <param name="timeout">How long to wait.</param>
    public async Task<ViewWaitResult<TSnapshot>> WaitAsync<TSnapshot>(Func<bool> condition, Func<TSnapshot?> snapshot, TimeSpan timeout)
    {
        var satisfied = await _waiters.WaitAsync(condition, ViewWaits.Clamp(timeout));
        return new ViewWaitResult<TSnapshot>(satisfied, snapshot());
    }
}
