using ActorViews.Gateway.Security;
using ActorViews.Streaming.Kafka;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ActorViews.Gateway.Endpoints;

/// <summary>The views of the cluster and how far behind each is, over HTTP.</summary>
internal static class ViewEndpoints
{
    /// <summary>The views' status, read at most once per second however many ask: each read queries the broker.</summary>
    public static IServiceCollection AddViewStatusCache(this IServiceCollection services) =>
        services.AddSingleton(sp =>
        {
            var status = sp.GetRequiredKeyedService<IKafkaStreamStatus>(GatewayHosting.KafkaProvider);
            return new StatusCache<IReadOnlyList<KafkaViewStatus>>(
                () => status.GetViewsAsync(CancellationToken.None), TimeSpan.FromSeconds(1), TimeProvider.System);
        });

    /// <summary>
    /// Which version of each view answers reads, asked of the views' registries at most once a second per view. The
    /// version a rebuild replaces is deleted well after that (docs/evolving-views.md), so no read routed by an
    /// answer this old finds it gone.
    /// </summary>
    public static IServiceCollection AddViewVersionCache(this IServiceCollection services) =>
        services.AddSingleton(sp => new KafkaViewVersionCache(sp.GetRequiredService<IGrainFactory>(), TimeSpan.FromSeconds(1)));

    /// <summary>Maps <c>GET /v1/views</c> and <c>GET /v1/views/{name}</c>, for operators when API keys are on.</summary>
    public static IEndpointRouteBuilder MapViewEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/v1/views", GetViewsAsync).WithName("GetViews").RequireOperatorAccess();
        endpoints.MapViewStatusEndpoint();
        return endpoints;
    }

    private static Task<Results<Ok<ViewList>, ProblemHttpResult>> GetViewsAsync(
        StatusCache<IReadOnlyList<KafkaViewStatus>> views,
        CancellationToken cancellationToken) =>
        StatusEndpoints.ReadAsync(views, read => new ViewList(read), "view status", cancellationToken);
}
