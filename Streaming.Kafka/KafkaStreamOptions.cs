namespace ActorViews.Streaming.Kafka;

/// <summary>Options of one Kafka stream provider.</summary>
public sealed class KafkaStreamOptions
{
    /// <summary>The brokers to bootstrap from, as <c>host:port[,host:port...]</c>. Required.</summary>
    public string BootstrapServers { get; set; } = "";

    /// <summary>
    /// The consumer group whose committed offsets record how far each partition has been delivered.
    /// Partitions are assigned by Orleans' queue balancer, not by Kafka group rebalancing.
    /// </summary>
    public string ConsumerGroupId { get; set; } = "actorviews";

    /// <summary>The topics this provider reads and writes. At least one.</summary>
    public List<KafkaTopicOptions> Topics { get; set; } = [];

    /// <summary>Most messages a receiver reads from its partition in one batch.</summary>
    public int MaxBatchSize { get; set; } = 1024;

    /// <summary>How long a receiver waits for the first message of a batch before returning what it has.</summary>
    public TimeSpan PollTimeout { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// How often each silo asks the registry of every view's versions whether a rebuild started or switched, and
    /// how long a read may be routed to the version that answered before. A rebuild starts and ends its delivery
    /// within about this long; the version a switch replaces is deleted well after it.
    /// </summary>
    public TimeSpan ViewVersionPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long after a rebuild's switch the replaced version's stored state is deleted (unless the rebuild keeps
    /// it). It must outlast every route to the old version: the read caches (one second), every silo's next look
    /// at the registry (<see cref="ViewVersionPollInterval"/>) and its readers' restart without the old version,
    /// and a read already on its way (Orleans' response timeout, 30 s by default).
    /// </summary>
    public TimeSpan ReplacedVersionDeleteDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How many view grain calls one partition may have in flight at once.</summary>
    public int MaxConcurrentViewCalls { get; set; } = 64;

    /// <summary>
    /// How many events one partition may hold read but not yet handed to a view call; the reader waits beyond
    /// that. While views are slower than the log, each key's waiting events gather into one call (up to
    /// <see cref="MaxBatchSize"/>), so a larger value means fewer, larger calls and state writes, at the cost of
    /// memory. At least <see cref="MaxBatchSize"/>.
    /// </summary>
    public int MaxQueuedViewEvents { get; set; } = 16 * 1024;

    /// <summary>How often delivered offsets are committed to the consumer group.</summary>
    public TimeSpan CommitInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How many times a view call that throws is retried before its events are dead-lettered.</summary>
    public int MaxDeliveryAttempts { get; set; } = 5;

    /// <summary>The first retry delay of a failed view call; it doubles with each attempt.</summary>
    public TimeSpan RetryBackoff { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// How long a receiver whose partition was claimed by another receiver waits before it claims the partition
    /// back, while Orleans still gives it the queue: a claimant that went away (a silo shutting down, a start
    /// attempt that lost the race) must not leave the partition unread. Long enough for Orleans to stop a
    /// receiver that really is stale first.
    /// </summary>
    public TimeSpan ReclaimAfterFencedDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How often a receiver commits its ownership claim and its partition's committed offset again, even when
    /// unchanged. Kafka deletes a group's offsets <c>offsets.retention.minutes</c> after their last commit
    /// (7 days by default); this must stay well below that.
    /// </summary>
    public TimeSpan OffsetRenewInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Whether grains marked <see cref="KafkaPartitionPlacementAttribute"/> for this provider's topics activate
    /// on the silo that reads their key's partition, so delivery to them is a local call. Off: Orleans' default
    /// placement, as for any grain.
    /// </summary>
    public bool PartitionAffinity { get; set; } = true;

    /// <summary>Largest message value accepted, in bytes; a larger one is dead-lettered.</summary>
    public int MaxMessageBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// Any librdkafka setting passed through to every client (e.g. <c>security.protocol</c>,
    /// <c>sasl.mechanism</c>, <c>sasl.username</c>, <c>sasl.password</c>, <c>ssl.ca.location</c>).
    /// They are never logged: they may hold credentials.
    /// </summary>
    [Redact]
    public Dictionary<string, string> Kafka { get; set; } = [];

    /// <summary>Adds a topic carrying events of <typeparamref name="TEvent"/>.</summary>
    /// <param name="name">The topic name; also the stream namespace unless changed.</param>
    /// <param name="partitions">The topic's partition count.</param>
    /// <returns>The topic's options, to refine.</returns>
    public KafkaTopicOptions AddTopic<TEvent>(string name, int partitions)
    {
        var topic = new KafkaTopicOptions { Name = name, Partitions = partitions, EventType = typeof(TEvent) };
        Topics.Add(topic);
        return topic;
    }
}
