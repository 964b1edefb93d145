using ActorViews.Streaming.Kafka;

namespace ActorViews.Gateway.Endpoints;

/// <summary>The delivery status over HTTP.</summary>
internal static class StatusEndpoints
{
    /// <summary>Maps <c>GET /v1/status</c>.</summary>
    public static IEndpointRouteBuilder MapStatusEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/v1/status", GetStatusAsync).WithName("GetStatus");
        return endpoints;
    }

    private static async Task<StreamStatus> GetStatusAsync(
        [FromKeyedServices(GatewayHosting.KafkaProvider)] IKafkaStreamStatus status,
        CancellationToken cancellationToken) =>
        new(status.BootstrapServers, await status.GetPartitionsAsync(cancellationToken));
}
