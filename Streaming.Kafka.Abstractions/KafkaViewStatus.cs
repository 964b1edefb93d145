namespace ActorViews.Streaming.Kafka;

/// <summary>How far one view is behind its topics' logs.</summary>
/// <param name="Name">The view's name (<see cref="ViewNames"/>), e.g. <c>order-view</c>.</param>
/// <param name="Version">The version of the view that answers reads: 1 until a rebuild replaces it.</param>
/// <param name="Status">
/// <c>live</c> (delivered from the partitions' live readers) or <c>building</c>: catching up on some partition, or
/// being rebuilt (<paramref name="BuildingVersion"/>), when <paramref name="Progress"/> and <paramref name="EventsPerSecond"/> are the new version's.
/// </param>
/// <param name="Lag">Events written but not yet applied by the view, summed over its topics' partitions.</param>
/// <param name="Progress">While building, the share of the log applied (0 to 1); null when live.</param>
/// <param name="EventsPerSecond">While building, how fast it applies events; null when live.</param>
/// <param name="TruncatedHead">
/// A partition of the view's topics no longer starts at offset 0 (retention deleted its head): a new view or a
/// rebuild of this one cannot see the events that were there.
/// </param>
/// <param name="Warnings">What a reader of this line must know: each truncated partition and its first offset, or a source of the answer that did not answer in time.</param>
/// <param name="Partitions">The same per partition of the view's topics, where it builds and where it is live.</param>
/// <param name="BuildingVersion">The version a rebuild builds beside <paramref name="Version"/>, or null when none runs.</param>
/// <param name="BuildingLag">The events the version a rebuild builds has still to apply, or null when none runs.</param>
public sealed record KafkaViewStatus(
    string Name,
    int Version,
    string Status,
    long Lag,
    double? Progress,
    double? EventsPerSecond,
    bool TruncatedHead = false,
    IReadOnlyList<string>? Warnings = null,
    IReadOnlyList<KafkaViewPartitionStatus>? Partitions = null,
    int? BuildingVersion = null,
    long? BuildingLag = null);
