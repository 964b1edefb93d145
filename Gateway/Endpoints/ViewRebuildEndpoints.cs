using ActorViews.Gateway.Security;
using ActorViews.Streaming.Kafka;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ActorViews.Gateway.Endpoints;

/// <summary>One view's status, and the rebuild of a view beside the version that answers reads.</summary>
internal static class ViewRebuildEndpoints
{
    /// <summary>Maps <c>GET /v1/views/{name}</c> and <c>POST /v1/views/{name}/rebuild</c>, for operators when API keys are on.</summary>
    public static IEndpointRouteBuilder MapViewRebuildEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/v1/views/{name}", GetViewAsync).WithName("GetView").RequireOperatorAccess();
        endpoints.MapPost("/v1/views/{name}/rebuild", RebuildAsync).WithName("RebuildView").RequireOperatorAccess();
        return endpoints;
    }

    private static async Task<Results<Ok<KafkaViewStatus>, ProblemHttpResult>> GetViewAsync(
        string name,
        StatusCache<IReadOnlyList<KafkaViewStatus>> views,
        [FromKeyedServices(GatewayHosting.KafkaProvider)] IKafkaStreamStatus status,
        CancellationToken cancellationToken)
    {
        if (!status.ViewNames.Contains(name, StringComparer.Ordinal))
        {
            return UnknownView(name, status);
        }

        var read = await StatusEndpoints.ReadAsync(views, list => list.Single(view => view.Name == name), "view status", cancellationToken);
        return read.Result switch
        {
            Ok<KafkaViewStatus> ok => ok,
            ProblemHttpResult problem => problem,
            _ => throw new InvalidOperationException("A status read answers with the view or a problem."),
        };
    }

    private static async Task<Results<Accepted<ViewRebuild>, ProblemHttpResult>> RebuildAsync(
        string name,
        bool? keep,
        IGrainFactory grains,
        [FromKeyedServices(GatewayHosting.KafkaProvider)] IKafkaStreamStatus status)
    {
        if (!status.ViewNames.Contains(name, StringComparer.Ordinal))
        {
            return UnknownView(name, status);
        }

        var (started, versions) = await grains.GetGrain<IKafkaViewVersionGrain>(name).StartRebuildAsync(keep ?? false);
        if (!started)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "A rebuild runs already",
                detail: $"View '{name}' is being rebuilt already: version {versions.Building} beside version {versions.Current}, requested at {versions.RequestedAt:O}. Wait until GET /v1/views/{name} lists it live.");
        }

        return TypedResults.Accepted(
            $"/v1/views/{Uri.EscapeDataString(name)}",
            new ViewRebuild(name, versions.Current, versions.Building!.Value, versions.Keep, versions.RequestedAt!.Value));
    }

    private static ProblemHttpResult UnknownView(string name, IKafkaStreamStatus status) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status404NotFound,
            title: "View not found",
            detail: $"No view is named '{name}'; the views are {string.Join(", ", status.ViewNames)}.");
}
