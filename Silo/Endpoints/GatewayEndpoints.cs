namespace ActorViews.Silo.Endpoints;

/// <summary>The HTTP gateway: the ecosystem's writes and views, and its OpenAPI document.</summary>
internal static class GatewayEndpoints
{
    /// <summary>Adds what the gateway needs: the OpenAPI document generator.</summary>
    public static IServiceCollection AddGateway(this IServiceCollection services) => services.AddOpenApi();

    /// <summary>Maps orders, customers, inventory and payments under <c>/v1</c>, and <c>/openapi/v1.json</c>.</summary>
    public static IEndpointRouteBuilder MapGateway(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapOrderEndpoints();
        endpoints.MapCustomerEndpoints();
        endpoints.MapInventoryEndpoints();
        endpoints.MapPaymentEndpoints();
        endpoints.MapOpenApi();
        return endpoints;
    }
}
