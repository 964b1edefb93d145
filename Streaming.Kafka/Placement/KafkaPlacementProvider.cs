namespace ActorViews.Streaming.Kafka.Placement;

/// <summary>A Kafka stream provider registered on this silo, whose topics <see cref="KafkaPartitionPlacementDirector"/> places grains by.</summary>
/// <param name="Name">The provider's name.</param>
internal sealed record KafkaPlacementProvider(string Name);
