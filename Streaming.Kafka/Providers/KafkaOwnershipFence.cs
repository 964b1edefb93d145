using Confluent.Kafka;

namespace ActorViews.Streaming.Kafka.Providers;

/// <summary>
/// Fences commits of a receiver whose partition has moved on. Receivers read with Assign (Orleans' balancer
/// owns the assignment), so Kafka's group generations cannot fence a stale owner; instead every receiver
/// claims its partition by committing a new <see cref="OwnershipEpoch"/> as the partition's "offset" in a
/// companion consumer group (<c>&lt;group&gt;.owners</c>), and checks before each commit that the epoch
/// there is still its own. Commit metadata would be the natural home, but Confluent.Kafka cannot write or
/// read it; committed offsets work on every broker, since brokers do not check them against the log.
/// </summary>
/// <remarks>
/// Kafka has no compare-and-set for offsets outside group generations, so the check and the commit are two
/// requests: a stale owner that checked just before the new owner's claim may still land that one commit
/// after it. It can only move the offset back (redelivery, which views absorb) or forward over events it
/// delivered itself; its next check refuses. A pause between check and commit (SIGSTOP, GC) stretches that
/// window in time, not in commits. A receiver fenced while Orleans still gives it the queue claims the
/// partition back after a delay (the claimant may have gone away). Kafka forgets a group's offsets
/// <c>offsets.retention.minutes</c> after their last commit, so the owner renews its claim periodically, and
/// an empty record found by a commit check means "forgotten", not "someone else": the owner restores its claim.
/// </remarks>
internal sealed class KafkaOwnershipFence : IPartitionFence, IDisposable
{
    private readonly SharedConsumer _consumer;

    public KafkaOwnershipFence(KafkaStreamOptions options, string providerName)
    {
        GroupId = OwnersGroup(options.ConsumerGroupId);
        var config = KafkaClientConfig.ForConsumer(options, $"actorviews-{providerName}-owners");
        config.GroupId = GroupId;
        _consumer = new SharedConsumer(config);
    }

    /// <summary>The companion group that holds the epochs.</summary>
    public string GroupId { get; }

    /// <summary>The group that holds the ownership epochs of <paramref name="consumerGroupId"/>'s partitions.</summary>
    public static string OwnersGroup(string consumerGroupId) => consumerGroupId + ".owners";

    /// <inheritdoc />
    public OwnershipEpoch Claim(TopicPartition partition, TimeSpan timeout)
    {
        var claimed = Current(partition, timeout).Next();
        _consumer.Commit([new TopicPartitionOffset(partition, claimed.Value)]);
        return claimed;
    }

    /// <inheritdoc />
    public OwnershipEpoch Current(TopicPartition partition, TimeSpan timeout) =>
        _consumer.Committed(partition, timeout) is { } epoch ? OwnershipEpoch.FromValue(epoch) : OwnershipEpoch.None;

    /// <inheritdoc />
    public void Renew(TopicPartition partition, OwnershipEpoch epoch, TimeSpan timeout) =>
        _consumer.Commit([new TopicPartitionOffset(partition, epoch.Value)]);

    public void Dispose() => _consumer.Dispose();
}
