using ActorViews.Grains;

namespace ActorViews.Silo.Endpoints;

/// <summary>The order views over HTTP.</summary>
internal static class OrderEndpoints
{
    /// <summary>Maps <c>GET /v1/orders/{id}</c>.</summary>
    public static IEndpointRouteBuilder MapOrderEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/v1/orders/{id}", GetOrderAsync).WithName("GetOrder");
        return endpoints;
    }

    private static async Task<IResult> GetOrderAsync(string id, IGrainFactory grains)
    {
        if (OrderIds.Problem(id) is { } problem)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["id"] = [problem] });
        }

        var snapshot = await grains.GetGrain<IOrderView>(id).GetAsync();
        return snapshot is null
            ? TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound,
                title: "Order not found",
                detail: $"No event of order '{id}' has arrived.")
            : TypedResults.Ok(snapshot);
    }
}
