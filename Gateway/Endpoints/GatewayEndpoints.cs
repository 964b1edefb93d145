namespace ActorViews.Gateway.Endpoints;

/// <summary>The HTTP gateway: the ecosystem's writes and views, and its OpenAPI document.</summary>
internal static class GatewayEndpoints
{
    /// <summary>
    /// Maps orders, customers, inventory, payments, the delivery status and the views under <c>/v1</c>, and
    /// <c>/openapi/v1.json</c>; beside them the operator's <c>POST /v1/views/{name}/rebuild</c>.
    /// </summary>
    /// <returns>The group holding every gateway endpoint but the rebuild (an operator's, secured on its own), the one place to secure them.</returns>
    public static RouteGroupBuilder MapGateway(this IEndpointRouteBuilder endpoints)
    {
        var gateway = endpoints.MapGroup("");
        gateway.MapOrderEndpoints();
        gateway.MapCustomerEndpoints();
        gateway.MapInventoryEndpoints();
        gateway.MapPaymentEndpoints();
        gateway.MapStatusEndpoints();
        gateway.MapViewEndpoints();
        gateway.MapOpenApi();
        endpoints.MapViewRebuildEndpoint();
        return gateway;
    }
}
