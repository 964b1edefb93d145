namespace ActorViews.Streaming.Kafka;

/// <summary>Which versions of a view exist: the one that answers reads, and the one a rebuild is building.</summary>
/// <param name="View">The view's name (<see cref="ViewNames"/>).</param>
/// <param name="Current">The version reads are routed to; 1 until a rebuild completes.</param>
/// <param name="Building">The version a rebuild is building beside it, or null when none runs.</param>
/// <param name="RequestedAt">When the running (or last) rebuild was requested.</param>
/// <param name="Keep">Whether the version the running (or last) rebuild replaces keeps its stored state.</param>
/// <param name="Retired">A version a rebuild replaced whose stored state is still to be deleted, or null.</param>
/// <param name="RetireAt">When <paramref name="Retired"/>'s state is deleted: long after any read could be routed to it.</param>
[GenerateSerializer, Immutable]
public sealed record KafkaViewVersionInfo(
    [property: Id(0)] string View,
    [property: Id(1)] int Current,
    [property: Id(2)] int? Building,
    [property: Id(3)] DateTimeOffset? RequestedAt,
    [property: Id(4)] bool Keep,
    [property: Id(5)] int? Retired = null,
    [property: Id(6)] DateTimeOffset? RetireAt = null)
{
    /// <summary>The versions the delivery engine feeds: the current one, and the one being built.</summary>
    public IReadOnlyList<int> Delivered => Building is { } building ? [Current, building] : [Current];
}
