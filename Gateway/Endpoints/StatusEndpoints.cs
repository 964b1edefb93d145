using ActorViews.Streaming.Kafka;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ActorViews.Gateway.Endpoints;

/// <summary>The delivery status over HTTP.</summary>
internal static class StatusEndpoints
{
    /// <summary>How long a caller of <c>/v1/status</c> waits for the broker before a 503.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The provider's partition status, read at most once per second however many ask; the silo's status page,
    /// probes and throughput sampler share it with <c>/v1/status</c>.
    /// </summary>
    public static IServiceCollection AddPartitionStatusCache(this IServiceCollection services) =>
        services.AddSingleton(sp =>
        {
            var status = sp.GetRequiredKeyedService<IKafkaStreamStatus>(GatewayHosting.KafkaProvider);
            return new StatusCache<IReadOnlyList<KafkaPartitionStatus>>(
                () => status.GetPartitionsAsync(CancellationToken.None), TimeSpan.FromSeconds(1), TimeProvider.System);
        });

    /// <summary>Maps <c>GET /v1/status</c>.</summary>
    public static IEndpointRouteBuilder MapStatusEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/v1/status", GetStatusAsync).WithName("GetStatus");
        return endpoints;
    }

    private static async Task<Results<Ok<StreamStatus>, ProblemHttpResult>> GetStatusAsync(
        [FromKeyedServices(GatewayHosting.KafkaProvider)] IKafkaStreamStatus status,
        StatusCache<IReadOnlyList<KafkaPartitionStatus>> partitions,
        CancellationToken cancellationToken)
    {
        try
        {
            var read = await partitions.GetAsync(Timeout, cancellationToken);
            return TypedResults.Ok(new StreamStatus(status.BootstrapServers, read.WithConditions(status.GetOwnedPartitionConditions())));
        }
        catch (TimeoutException)
        {
            return Unavailable($"The broker did not answer within {Timeout.TotalSeconds:0}s; try again.");
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            return Unavailable($"The partition status could not be read: {failure.Message}");
        }
    }

    private static ProblemHttpResult Unavailable(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "The partition status is unavailable", detail: detail);
}
