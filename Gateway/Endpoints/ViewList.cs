using ActorViews.Streaming.Kafka;

namespace ActorViews.Gateway.Endpoints;

/// <summary>The body of <c>GET /v1/views</c>.</summary>
/// <param name="Views">Every view of the cluster's topics, by name.</param>
internal sealed record ViewList(IReadOnlyList<KafkaViewStatus> Views);
