using Confluent.Kafka;

namespace ActorViews.Streaming.Kafka.Providers;

/// <summary>
/// Where the partitions' ownership claims are kept (<see cref="KafkaOwnershipFence"/> on a broker); a seam so
/// a test can show what the embedded broker cannot, such as a claim the broker forgot.
/// </summary>
internal interface IPartitionFence
{
    /// <summary>Claims <paramref name="partition"/> with an epoch superseding the current one.</summary>
    /// <exception cref="KafkaException">The claims could not be reached within <paramref name="timeout"/>.</exception>
    OwnershipEpoch Claim(TopicPartition partition, TimeSpan timeout);

    /// <summary>The epoch of the partition's newest claim; <see cref="OwnershipEpoch.None"/> when there is none.</summary>
    /// <exception cref="KafkaException">The claims could not be reached within <paramref name="timeout"/>.</exception>
    OwnershipEpoch Current(TopicPartition partition, TimeSpan timeout);

    /// <summary>Commits <paramref name="epoch"/> again, so the broker's offset retention never forgets a live claim.</summary>
    /// <exception cref="KafkaException">The claims could not be reached within <paramref name="timeout"/>.</exception>
    void Renew(TopicPartition partition, OwnershipEpoch epoch, TimeSpan timeout);
}
