using Confluent.Kafka;

namespace ActorViews.Streaming.Kafka.Providers;

/// <summary>A receiver's claim of its partition: commits are allowed while the partition's newest claim is this one.</summary>
/// <param name="Fence">Where the claims are kept.</param>
/// <param name="Partition">The claimed partition.</param>
/// <param name="Epoch">This receiver's claim.</param>
internal sealed record PartitionLease(IPartitionFence Fence, TopicPartition Partition, OwnershipEpoch Epoch)
{
    /// <summary>The partition's newest claim; equal to <see cref="Epoch"/> while this receiver owns it.</summary>
    /// <exception cref="KafkaException">The broker could not be reached within <paramref name="timeout"/>.</exception>
    public OwnershipEpoch Current(TimeSpan timeout) => Fence.Current(Partition, timeout);

    /// <summary>Commits this claim again: renewed before the broker's retention forgets it, or restored once it has.</summary>
    /// <exception cref="KafkaException">The broker could not be reached within <paramref name="timeout"/>.</exception>
    public void Renew(TimeSpan timeout) => Fence.Renew(Partition, Epoch, timeout);
}
