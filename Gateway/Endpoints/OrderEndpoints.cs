using ActorViews.Grains;
using ActorViews.Streaming.Kafka;

namespace ActorViews.Gateway.Endpoints;

/// <summary>Orders over HTTP: write to <c>orders</c>, read and long-poll the order views.</summary>
internal static class OrderEndpoints
{
    /// <summary>Maps <c>POST /v1/orders</c>, <c>GET /v1/orders/{id}</c> and <c>GET /v1/orders/{id}/validated</c>.</summary>
    public static IEndpointRouteBuilder MapOrderEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/v1/orders", PostOrderAsync).WithName("PostOrder");
        endpoints.MapGet("/v1/orders/{id}", (string id, HttpContext http, KafkaViewVersionCache views) =>
            GetOrderAsync(id, OrderWaitCondition.Present, http, views)).WithName("GetOrder");
        endpoints.MapGet("/v1/orders/{id}/validated", (string id, HttpContext http, KafkaViewVersionCache views) =>
            GetOrderAsync(id, OrderWaitCondition.Settled, http, views)).WithName("GetValidatedOrder");
        return endpoints;
    }

    private static async Task<IResult> GetOrderAsync(string id, OrderWaitCondition until, HttpContext http, KafkaViewVersionCache views)
    {
        var errors = new ValidationErrors();
        if (OrderIds.Problem(id) is { } problem)
        {
            errors.Add("id", problem);
        }

        var wait = WaitRequest.Read(http.Request, ViewWaits.OrderViewTopics, alwaysWait: until == OrderWaitCondition.Settled, errors);
        if (errors.Any)
        {
            return errors.ToResult();
        }

        var view = await views.ViewAsync<IOrderView>(id);
        return await GatewayResults.ReadViewAsync(
            wait,
            view.GetAsync,
            w => view.WaitAsync(until, w.After, w.Timeout),
            () => GatewayResults.NotFound("Order", $"No event of order '{id}' has arrived."),
            (w, snapshot) => until == OrderWaitCondition.Settled
                ? $"Order '{id}' was not validated or failed within {w.Timeout.TotalMilliseconds} ms; it is {(snapshot is { } s ? s.Order.State.ToString().ToUpperInvariant() : "not in the view")}."
                : $"Order '{id}' did not reach its view within {w.Timeout.TotalMilliseconds} ms.");
    }

    private static Task<IResult> PostOrderAsync(
        HttpContext http,
        [FromKeyedServices(GatewayHosting.KafkaProvider)] IKafkaPublisher publisher,
        KafkaViewVersionCache views,
        CancellationToken cancellationToken)
    {
        return JsonBody.HandleAsync(http.Request, cancellationToken, async body =>
        {
            var id = body.String("id", OrderIds.MaxLength);
            if (id is not null && OrderIds.Problem(id) is { } idProblem)
            {
                body.Errors.Add("id", idProblem);
            }

            var customerId = body.Integer("customerId", 0, long.MaxValue);
            var state = body.Parsed<OrderState>("state", TryParseCreated, "CREATED", required: false);
            var product = body.Parsed<Product>("product", ProductNames.TryParse, "JUMPERS, UNDERPANTS, STOCKINGS");
            var quantity = body.Integer("quantity", 1, 1_000_000);
            var price = body.Decimal("price", 0, 1_000_000, decimals: 2);
            if (body.Errors.Any)
            {
                return body.Errors.ToResult();
            }

            // A second CREATED event of a placed order would send its view back to CREATED, never to settle again.
            if (await (await views.ViewAsync<IOrderView>(id!)).GetAsync() is not null)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Order exists", detail: $"Order '{id}' was placed already; a new order needs a new ID.");
            }

            var order = new Order(id!, customerId!.Value, state ?? OrderState.Created, product!.Value, (int)quantity!.Value, price!.Value);
            return await WriteAsync(http, publisher, Topics.Orders, order.Id, order, $"/v1/orders/{Uri.EscapeDataString(order.Id)}", cancellationToken);
        });
    }

    /// <summary>Publishes <paramref name="value"/> and answers with its position, or 503 when the log refused it.</summary>
    internal static async Task<IResult> WriteAsync<T>(
        HttpContext http, IKafkaPublisher publisher, string topic, string key, T value, string location, CancellationToken cancellationToken, int status = StatusCodes.Status201Created)
    {
        KafkaPosition position;
        try
        {
            position = await publisher.PublishAsync(topic, key, value, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return GatewayResults.Unavailable(topic);
        }

        return GatewayResults.Written(http, location, position, status);
    }

    // A new order is CREATED; later states come from the services, not from callers.
    private static bool TryParseCreated(string? text, out OrderState state)
    {
        state = OrderState.Created;
        return text == "CREATED";
    }
}
