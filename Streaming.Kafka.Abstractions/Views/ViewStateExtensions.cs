namespace ActorViews.Streaming.Kafka;

/// <summary>Persistence helpers for view grains.</summary>
public static class ViewStateExtensions
{
    /// <summary>
    /// Applies a change to the view and persists it as one unit: when <paramref name="apply"/> throws (the view's
    /// own logic, a call or publish it makes) or the write fails, the in-memory state, offsets included, is put
    /// back to what is stored before the exception goes on. The delivery engine's retry then finds the events
    /// new again and applies them, and after <c>MaxDeliveryAttempts</c> failures of the view's logic dead-letters
    /// them, instead of the retry skipping them as "already applied" and the commit passing events never applied.
    /// </summary>
    /// <param name="state">The view's persistent state.</param>
    /// <param name="grain">The grain; deactivated when even the reload fails, so the next call starts clean.</param>
    /// <param name="apply">
    /// Changes <paramref name="state"/> in memory (and may run side effects); returns whether anything changed,
    /// and so whether to write. It may take the batch's new events with <see cref="AppliedOffsets.TakeNew"/>.
    /// </param>
    /// <returns>Whether the state changed and was written.</returns>
    /// <remarks>Runs in the grain's context (no ConfigureAwait(false)): it touches the activation's state.</remarks>
    /// <exception cref="ViewPersistenceException">
    /// The write failed: transient for an outage (the engine retries until storage heals), permanent when the
    /// storage refuses this state for good (the engine dead-letters the events with the reason).
    /// </exception>
    public static async Task<bool> ApplyOrRevertAsync<TState>(this IPersistentState<TState> state, IGrainBase grain, Func<Task<bool>> apply)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(grain);
        ArgumentNullException.ThrowIfNull(apply);
        bool changed;
        try
        {
            changed = await apply();
        }
        catch
        {
            await RevertAsync(state, grain);
            throw;
        }

        if (!changed)
        {
            return false;
        }

        try
        {
            await state.WriteStateAsync();
        }
        catch (Exception writeFailure)
        {
            await RevertAsync(state, grain);

            // The storage's exception type often cannot be serialized back to the caller; its text can.
            throw ViewPersistenceException.FromWriteFailure(writeFailure);
        }

        return true;
    }

    private static async Task RevertAsync<TState>(IPersistentState<TState> state, IGrainBase grain)
    {
        try
        {
            await state.ReadStateAsync();
        }
        catch
        {
            grain.DeactivateOnIdle();
        }
    }
}
