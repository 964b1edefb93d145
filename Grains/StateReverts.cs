namespace ActorViews.Grains;

/// <summary>Keeps a view's in-memory state in step with storage when a side effect fails.</summary>
internal static class StateReverts
{
    /// <summary>
    /// Runs <paramref name="effects"/> (publishing, calls to other grains) on state already changed in memory;
    /// when they fail, reloads the stored state before rethrowing, so that the redelivered events are applied
    /// again rather than skipped as "already applied".
    /// </summary>
    public static async Task RunOrRevertAsync<TState>(this IPersistentState<TState> state, IGrainBase grain, Func<Task> effects)
    {
        try
        {
            await effects();
        }
        catch
        {
            try
            {
                await state.ReadStateAsync();
            }
            catch
            {
                grain.DeactivateOnIdle();
            }

            throw;
        }
    }
}
