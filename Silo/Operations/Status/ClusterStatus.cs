using ActorViews.Streaming.Kafka;

namespace ActorViews.Silo.Operations.Status;

/// <summary>The body of <c>GET /v1/status/cluster</c>: what the status page shows.</summary>
/// <param name="GeneratedAt">When the silo answered.</param>
/// <param name="AnsweredBy">The silo that answered.</param>
/// <param name="BootstrapServers">The brokers the cluster reads from.</param>
/// <param name="Silos">Every silo in the membership, active ones first; empty when <paramref name="SilosError"/> is set.</param>
/// <param name="SilosError">Why the silos could not be read, or null.</param>
/// <param name="Dependencies">The broker's and the database's health, as <c>/healthz/dependencies</c> reports it.</param>
/// <param name="Partitions">Every topic-partition with owner, offsets, lag and throughput; empty when <paramref name="PartitionsError"/> is set.</param>
/// <param name="PartitionsError">Why the partitions could not be read, or null.</param>
/// <param name="Views">Every view with its lag, as <c>GET /v1/views</c> lists them; empty when <paramref name="ViewsError"/> is set.</param>
/// <param name="ViewsError">Why the views could not be read, or null.</param>
/// <param name="DeadLetters">The newest dead-lettered messages, newest first.</param>
/// <param name="DeadLettersError">Why the dead letters could not be read, or null.</param>
internal sealed record ClusterStatus(
    DateTimeOffset GeneratedAt,
    string AnsweredBy,
    string BootstrapServers,
    IReadOnlyList<SiloStatusEntry> Silos,
    string? SilosError,
    IReadOnlyList<DependencyStatusEntry> Dependencies,
    IReadOnlyList<PartitionStatusEntry> Partitions,
    string? PartitionsError,
    IReadOnlyList<KafkaViewStatus> Views,
    string? ViewsError,
    IReadOnlyList<DeadLetter> DeadLetters,
    string? DeadLettersError);

/// <summary>A silo of the cluster.</summary>
/// <param name="Address">Its address, as partition owners name it.</param>
/// <param name="Name">Its name.</param>
/// <param name="Host">Its host name.</param>
/// <param name="Status">Its membership status (Active, Joining, ShuttingDown, Dead, ...).</param>
/// <param name="StartedAt">When it started.</param>
/// <param name="LastAliveAt">When it last said it is alive.</param>
internal sealed record SiloStatusEntry(string Address, string Name, string Host, string Status, DateTimeOffset StartedAt, DateTimeOffset LastAliveAt);

/// <summary>A dependency of the silo (broker, database) and whether it answers.</summary>
/// <param name="Name">The health check's name: <c>kafka-broker</c> or <c>database</c>.</param>
/// <param name="Status">Healthy or Unhealthy.</param>
/// <param name="Description">What was seen.</param>
internal sealed record DependencyStatusEntry(string Name, string Status, string? Description);

/// <summary>A topic-partition.</summary>
/// <param name="Topic">The topic.</param>
/// <param name="Partition">The partition.</param>
/// <param name="Owner">The address of the silo reading it, or null.</param>
/// <param name="OwnerUnknown">The owners record did not answer in time: <paramref name="Owner"/> is null for want of an answer.</param>
/// <param name="CommittedOffset">The committed offset, or null when none.</param>
/// <param name="HighWatermark">The high watermark.</param>
/// <param name="Lag">Messages not yet delivered.</param>
/// <param name="EventsPerSecond">Delivered events per second over the last minute, or null until sampled.</param>
/// <param name="Condition">What the answering silo's reader of it is doing; null when another silo owns it.</param>
/// <param name="ConditionSince">When it entered <paramref name="Condition"/>.</param>
/// <param name="ConditionReason">Why, for a condition other than reading.</param>
internal sealed record PartitionStatusEntry(string Topic, int Partition, string? Owner, bool OwnerUnknown, long? CommittedOffset, long HighWatermark, long Lag, double? EventsPerSecond, string? Condition, DateTimeOffset? ConditionSince, string? ConditionReason);
