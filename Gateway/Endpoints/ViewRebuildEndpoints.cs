using ActorViews.Gateway.Security;
using ActorViews.Streaming.Kafka;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ActorViews.Gateway.Endpoints;

/// <summary>One view's status, and the rebuild of a view beside the version that answers reads.</summary>
internal static class ViewRebuildEndpoints
{
    /// <summary>Maps <c>GET /v1/views/{name}</c>, for operators when API keys are on.</summary>
    public static IEndpointRouteBuilder MapViewStatusEndpoint(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/v1/views/{name}", GetViewAsync).WithName("GetView").RequireOperatorAccess();
        return endpoints;
    }

    /// <summary>
    /// Maps <c>POST /v1/views/{name}/rebuild</c>, for operators when API keys are on. Map it beside the gateway's
    /// group, not in it: the group makes every POST a write (writer role, write rate limit), and a rebuild is an
    /// operator's command, not a write of the log.
    /// </summary>
    public static IEndpointRouteBuilder MapViewRebuildEndpoint(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/v1/views/{name}/rebuild", RebuildAsync).WithName("RebuildView").RequireOperatorAccess();
        return endpoints;
    }

    private static async Task<Results<Ok<KafkaViewStatus>, ProblemHttpResult>> GetViewAsync(
        string name,
        StatusCache<IReadOnlyList<KafkaViewStatus>> views,
        CancellationToken cancellationToken)
    {
        var read = await StatusEndpoints.ReadAsync(views, list => list, "view status", cancellationToken);
        if (read.Result is not Ok<IReadOnlyList<KafkaViewStatus>> { Value: { } list })
        {
            return (ProblemHttpResult)read.Result;
        }

        return list.FirstOrDefault(view => view.Name == name) is { } found
            ? TypedResults.Ok(found)
            : NotFound($"No view is named '{name}'; the views are {string.Join(", ", list.Select(view => view.Name))}.");
    }

    private static async Task<Results<Accepted<ViewRebuild>, ProblemHttpResult>> RebuildAsync(
        string name,
        bool? keep,
        IGrainFactory grains,
        [FromKeyedServices(GatewayHosting.KafkaProvider)] IKafkaStreamStatus status)
    {
        if (!status.ViewNames.Contains(name, StringComparer.Ordinal))
        {
            return NotFound($"No view that can be rebuilt is named '{name}'; those that can are {string.Join(", ", status.ViewNames)} (a feed is rebuilt with the view it feeds).");
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

    private static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "View not found", detail: detail);
}
