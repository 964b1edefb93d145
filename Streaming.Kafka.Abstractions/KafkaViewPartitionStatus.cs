namespace ActorViews.Streaming.Kafka;

/// <summary>Where one view is on one partition of its topics.</summary>
/// <param name="Topic">The topic.</param>
/// <param name="Partition">The partition.</param>
/// <param name="Status"><c>live</c> (delivered by the partition's live reader) or <c>building</c> (catching up with a reader of its own).</param>
/// <param name="Position">The view's stored position there (the first offset it has not applied), or null when it has none yet.</param>
/// <param name="Lag">Events of the partition the view has not applied.</param>
/// <param name="Progress">While building, the share of the partition's log applied (0 to 1); null when live.</param>
public sealed record KafkaViewPartitionStatus(string Topic, int Partition, string Status, long? Position, long Lag, double? Progress);
