using ActorViews.Grains;
using ActorViews.Streaming.Kafka;

namespace ActorViews.Gateway.Endpoints;

/// <summary>Inventory over HTTP: write stock to <c>warehouse-inventory</c>, read the inventory views.</summary>
internal static class InventoryEndpoints
{
    private const string ProductList = "JUMPERS, UNDERPANTS, STOCKINGS";

    /// <summary>Maps <c>PUT /v1/inventory/{product}</c> and <c>GET /v1/inventory/{product}</c>.</summary>
    public static IEndpointRouteBuilder MapInventoryEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPut("/v1/inventory/{product}", PutInventoryAsync).WithName("PutInventory");
        endpoints.MapGet("/v1/inventory/{product}", GetInventoryAsync).WithName("GetInventory");
        return endpoints;
    }

    private static async Task<IResult> GetInventoryAsync(string product, HttpContext http, KafkaViewVersionCache views)
    {
        var errors = new ValidationErrors();
        if (!ProductNames.TryParse(product, out var parsed))
        {
            errors.Add("product", $"The product must be one of {ProductList}.");
        }

        var wait = WaitRequest.Read(http.Request, ViewWaits.InventoryViewTopics, alwaysWait: false, errors);
        if (errors.Any)
        {
            return errors.ToResult();
        }

        var name = ProductNames.Of(parsed);
        var view = await views.ViewAsync<IInventoryView>(name);
        return await GatewayResults.ReadViewAsync(
            wait,
            view.GetAsync,
            w => view.WaitAsync(w.After, w.Timeout),
            () => GatewayResults.NotFound("Inventory", $"The warehouse has reported no stock of {name}."),
            (w, _) => $"Stock of {name} did not reach its view within {w.Timeout.TotalMilliseconds} ms.");
    }

    private static Task<IResult> PutInventoryAsync(
        string product,
        HttpContext http,
        [FromKeyedServices(GatewayHosting.KafkaProvider)] IKafkaPublisher publisher,
        CancellationToken cancellationToken)
    {
        return JsonBody.HandleAsync(http.Request, cancellationToken, async body =>
        {
            if (!ProductNames.TryParse(product, out var parsed))
            {
                body.Errors.Add("product", $"The product must be one of {ProductList}.");
            }

            var quantity = body.Integer("quantity", 0, 1_000_000_000);
            if (body.Parsed<Product>("product", ProductNames.TryParse, ProductList, required: false) is { } named && named != parsed)
            {
                body.Errors.Add("product", "The body's 'product' must be the product of the URL, or be left out.");
            }

            if (body.Errors.Any)
            {
                return body.Errors.ToResult();
            }

            var name = ProductNames.Of(parsed);
            return await OrderEndpoints.WriteAsync(
                http, publisher, Topics.WarehouseInventory, name, new Inventory(parsed, quantity!.Value), $"/v1/inventory/{name}", cancellationToken, StatusCodes.Status200OK);
        });
    }
}
