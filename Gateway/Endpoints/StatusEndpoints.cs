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

    private static Task<Results<Ok<StreamStatus>, ProblemHttpResult>> GetStatusAsync(
        [FromKeyedServices(GatewayHosting.KafkaProvider)] IKafkaStreamStatus status,
        StatusCache<IReadOnlyList<KafkaPartitionStatus>> partitions,
        CancellationToken cancellationToken) =>
        ReadAsync(partitions, read => new StreamStatus(status.BootstrapServers, read.WithConditions(status.GetOwnedPartitionConditions())), "partition status", cancellationToken);

    /// <summary>Answers from <paramref name="cache"/>, or a 503 saying the broker did not answer about <paramref name="what"/>.</summary>
    internal static async Task<Results<Ok<TBody>, ProblemHttpResult>> ReadAsync<T, TBody>(
        StatusCache<T> cache,
        Func<T, TBody> body,
        string what,
        CancellationToken cancellationToken)
    {
        try
        {
            return TypedResults.Ok(body(await cache.GetAsync(Timeout, cancellationToken)));
        }
        catch (TimeoutException)
        {
            return Unavailable(what, $"The broker did not answer within {Timeout.TotalSeconds:0}s; try again.");
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            return Unavailable(what, $"The {what} could not be read: {failure.Message}");
        }
    }

    private static ProblemHttpResult Unavailable(string what, string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: $"The {what} is unavailable", detail: detail);
}
