namespace ActorViews.Grains;

/// <summary>What a long-poll on a view found.</summary>
/// <typeparam name="TSnapshot">The view's snapshot type.</typeparam>
/// <param name="Satisfied">Whether the awaited condition held before the timeout.</param>
/// <param name="Snapshot">The view as it is now (also on timeout), or null when it has nothing yet.</param>
[GenerateSerializer, Immutable]
public sealed record ViewWaitResult<TSnapshot>(
    [property: Id(0)] bool Satisfied,
    [property: Id(1)] TSnapshot? Snapshot);
