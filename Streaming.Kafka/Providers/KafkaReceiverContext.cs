using ActorViews.Streaming.Kafka.Delivery;
using ActorViews.Streaming.Kafka.Status;
using ActorViews.Streaming.Kafka.Versions;
using Microsoft.Extensions.Logging;

namespace ActorViews.Streaming.Kafka.Providers;

/// <summary>What every receiver of one provider shares.</summary>
/// <param name="ProviderName">The stream provider's name.</param>
/// <param name="Options">The provider's options.</param>
/// <param name="Serializer">Turns message values into events.</param>
/// <param name="GrainFactory">Reaches the view grains.</param>
/// <param name="Producer">The provider's producer (dead letters, topic IDs).</param>
/// <param name="Fence">Keeps the partitions' ownership claims, so a stale owner cannot commit.</param>
/// <param name="DeadLetters">Writes messages that cannot be applied to dead-letter topics.</param>
/// <param name="Ownership">Reports which silo reads which partition; null outside a silo.</param>
/// <param name="Registry">Lets failure handlers reach the pumps; null outside a silo.</param>
/// <param name="Logger">The receivers' logger.</param>
/// <param name="ViewPositions">Keeps each view's own position per partition; without it views share the partition's.</param>
/// <param name="Versions">Which versions of each view to deliver; every view at version 1 when null.</param>
internal sealed record KafkaReceiverContext(
    string ProviderName,
    KafkaStreamOptions Options,
    IKafkaEventSerializer Serializer,
    IGrainFactory GrainFactory,
    KafkaProducer Producer,
    DeadLetterWriter DeadLetters,
    IPartitionFence Fence,
    KafkaPartitionOwnership? Ownership,
    KafkaReceiverRegistry? Registry,
    ILogger Logger,
    IViewPositionStore? ViewPositions = null,
    ViewVersionWatch? Versions = null);
