namespace ActorViews.PostgreSql;

/// <summary>One grain's state write waiting for its batch; completed with the row's version after the write.</summary>
/// <param name="key">The row.</param>
/// <param name="expectedVersion">The version the grain last saw; null when it saw no row.</param>
/// <param name="payload">The serialized state.</param>
internal sealed class PendingWrite(GrainStateKey key, int? expectedVersion, ReadOnlyMemory<byte> payload)
{
    // Continuations run elsewhere, so the batch loop never runs a grain's code inline.
    private readonly TaskCompletionSource<int?> _outcome = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The row.</summary>
    public GrainStateKey Key { get; } = key;

    /// <summary>The version the grain last saw; null when it saw no row.</summary>
    public int? ExpectedVersion { get; } = expectedVersion;

    /// <summary>The serialized state.</summary>
    public ReadOnlyMemory<byte> Payload { get; } = payload;

    /// <summary>
    /// What <c>write_grain_state</c> answered: the new version; <see cref="ExpectedVersion"/> back, or null, when the
    /// version was stale. Faults with the database's exception when the write failed.
    /// </summary>
    public Task<int?> Outcome => _outcome.Task;

    /// <summary>Records what the database answered.</summary>
    public void Complete(int? version) => _outcome.TrySetResult(version);

    /// <summary>Records that the write failed.</summary>
    public void Fail(Exception failure) => _outcome.TrySetException(failure);
}
