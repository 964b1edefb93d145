namespace ActorViews.Silo.Operations.Status;

/// <summary>A message in a dead-letter topic, as the status page shows it.</summary>
/// <param name="Topic">The dead-letter topic.</param>
/// <param name="Partition">Its partition.</param>
/// <param name="Offset">Its offset there.</param>
/// <param name="Timestamp">When it was dead-lettered.</param>
/// <param name="Key">The message key as text (0x and hex when it is not UTF-8), or null.</param>
/// <param name="Reason">Why it was dead-lettered (<c>actorviews.dlq.reason</c>).</param>
/// <param name="SourceTopic">The topic it was read from (<c>actorviews.dlq.topic</c>).</param>
/// <param name="SourcePartition">The partition it was read from (<c>actorviews.dlq.partition</c>).</param>
/// <param name="SourceOffset">Its offset there (<c>actorviews.dlq.offset</c>).</param>
internal sealed record DeadLetter(
    string Topic,
    int Partition,
    long Offset,
    DateTimeOffset Timestamp,
    string? Key,
    string? Reason,
    string? SourceTopic,
    string? SourcePartition,
    string? SourceOffset);
