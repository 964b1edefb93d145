using ActorViews.Grains;
using ActorViews.Streaming.Kafka;

namespace ActorViews.Gateway.Endpoints;

/// <summary>Payments over HTTP: write to <c>payments</c>; a payment shows in its order's view.</summary>
internal static class PaymentEndpoints
{
    /// <summary>Maps <c>POST /v1/payments</c>.</summary>
    public static IEndpointRouteBuilder MapPaymentEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/v1/payments", PostPaymentAsync).WithName("PostPayment");
        return endpoints;
    }

    private static Task<IResult> PostPaymentAsync(
        HttpContext http,
        [FromKeyedServices(GatewayHosting.KafkaProvider)] IKafkaPublisher publisher,
        CancellationToken cancellationToken)
    {
        return JsonBody.HandleAsync(http.Request, cancellationToken, async body =>
        {
            var id = body.String("id", OrderIds.MaxLength);
            var orderId = body.String("orderId", OrderIds.MaxLength);
            var ccy = body.String("ccy", 3);
            if (ccy is not null && (ccy.Length != 3 || !ccy.All(char.IsAsciiLetterUpper)))
            {
                body.Errors.Add("ccy", "'ccy' must be an ISO 4217 code of three upper-case letters, e.g. EUR.");
            }

            var amount = body.Decimal("amount", 0.01m, 1_000_000_000m, decimals: 2);
            if (body.Errors.Any)
            {
                return body.Errors.ToResult();
            }

            var payment = new Payment(id!, orderId!, ccy!, amount!.Value);
            return await OrderEndpoints.WriteAsync(
                http, publisher, Topics.Payments, payment.Id, payment, $"/v1/orders/{Uri.EscapeDataString(payment.OrderId)}", cancellationToken);
        });
    }
}
