namespace ActorViews.PostgreSql.GroupCommit;

/// <summary>One grain's state write waiting for its batch: where it goes, the version it read, what it writes.</summary>
/// <param name="StateName">The state's name (<c>grain_type</c>).</param>
/// <param name="Key">The grain's string key (<c>grain_key_string</c>).</param>
/// <param name="Expected">The version the grain last read or wrote; null when it found no row.</param>
/// <param name="Payload">The state as UTF-8 JSON.</param>
internal sealed record StateWrite(string StateName, string Key, int? Expected, byte[] Payload)
{
    /// <summary>Completes with the version the write produced, or <see cref="Expected"/> back when it was stale.</summary>
    public TaskCompletionSource<int?> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
