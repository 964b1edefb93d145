using ActorViews.Streaming.Kafka;

namespace ActorViews.Gateway.Endpoints;

/// <summary>The body of <c>GET /v1/status</c>.</summary>
/// <param name="BootstrapServers">The brokers the silo reads from.</param>
/// <param name="Partitions">Every partition of every topic, with owner, committed offset and lag.</param>
internal sealed record StreamStatus(string BootstrapServers, IReadOnlyList<KafkaPartitionStatus> Partitions);
