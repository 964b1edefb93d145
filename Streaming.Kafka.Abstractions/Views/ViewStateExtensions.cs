namespace ActorViews.Streaming.Kafka;

/// <summary>Persistence helpers for view grains.</summary>
public static class ViewStateExtensions
{
    /// <summary>
    /// Writes the view's state; when the write fails, puts the in-memory state back to what is stored before
    /// rethrowing. Without that, the redelivery that follows would find its offsets already "applied" in
    /// memory, skip them, and the events would be lost from the stored view.
    /// </summary>
    /// <param name="state">The view's persistent state.</param>
    /// <param name="grain">The grain; deactivated when even the reload fails, so the next call starts clean.</param>
    /// <remarks>Runs in the grain's context (no ConfigureAwait(false)): it touches the activation's state.</remarks>
    /// <exception cref="ViewPersistenceException">The write failed; the delivery engine retries until storage heals.</exception>
    public static async Task WriteOrRevertAsync<TState>(this IPersistentState<TState> state, IGrainBase grain)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(grain);
        try
        {
            await state.WriteStateAsync();
        }
        catch (Exception writeFailure)
        {
            try
            {
                await state.ReadStateAsync();
            }
            catch
            {
                grain.DeactivateOnIdle();
            }

            // The storage's exception type often cannot be serialized back to the caller; its text can.
            throw new ViewPersistenceException($"Persisting the view failed: {writeFailure.GetType().FullName}: {writeFailure.Message}");
        }
    }
}
