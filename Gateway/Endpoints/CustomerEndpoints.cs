using System.Globalization;
using ActorViews.Grains;
using ActorViews.Streaming.Kafka;

namespace ActorViews.Gateway.Endpoints;

/// <summary>Customers over HTTP: write profiles to <c>customers</c>, read the customer views.</summary>
internal static class CustomerEndpoints
{
    private static readonly string[] Levels = ["bronze", "silver", "gold", "platinum"];

    /// <summary>Maps <c>POST /v1/customers</c> and <c>GET /v1/customers/{id}</c>.</summary>
    public static IEndpointRouteBuilder MapCustomerEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/v1/customers", PostCustomerAsync).WithName("PostCustomer");
        endpoints.MapGet("/v1/customers/{id}", GetCustomerAsync).WithName("GetCustomer");
        return endpoints;
    }

    private static async Task<IResult> GetCustomerAsync(string id, HttpContext http, KafkaViewVersionCache views)
    {
        var errors = new ValidationErrors();
        if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var customerId))
        {
            errors.Add("id", "The customer ID must be a whole number from 0 to 9223372036854775807.");
        }

        var wait = WaitRequest.Read(http.Request, ViewWaits.CustomerViewTopics, alwaysWait: false, errors);
        if (errors.Any)
        {
            return errors.ToResult();
        }

        // The canonical decimal form is the grain key, so "007" and "7" are one customer.
        var view = await views.ViewAsync<ICustomerView>(customerId.ToString(CultureInfo.InvariantCulture));
        return await GatewayResults.ReadViewAsync(
            wait,
            view.GetAsync,
            w => view.WaitAsync(w.After, w.Timeout),
            () => GatewayResults.NotFound("Customer", $"Neither a profile nor an order of customer {customerId} has arrived."),
            (w, _) => $"Customer {customerId} did not reach its view within {w.Timeout.TotalMilliseconds} ms.");
    }

    private static Task<IResult> PostCustomerAsync(
        HttpContext http,
        [FromKeyedServices(GatewayHosting.KafkaProvider)] IKafkaPublisher publisher,
        CancellationToken cancellationToken)
    {
        return JsonBody.HandleAsync(http.Request, cancellationToken, async body =>
        {
            var id = body.Integer("id", 0, long.MaxValue);
            var firstName = body.String("firstName", 100);
            var lastName = body.String("lastName", 100);
            var email = body.String("email", 254);
            if (email is not null && (email.IndexOf('@', StringComparison.Ordinal) is <= 0 || email.EndsWith('@')))
            {
                body.Errors.Add("email", "'email' must be an e-mail address (name@domain).");
            }

            var address = body.String("address", 500);
            var level = body.String("level", 20, required: false) ?? Customer.DefaultLevel;
            if (!Levels.Contains(level))
            {
                body.Errors.Add("level", $"'level' must be one of {string.Join(", ", Levels)}.");
            }

            if (body.Errors.Any)
            {
                return body.Errors.ToResult();
            }

            var customer = new Customer(id!.Value, firstName!, lastName!, email!, address!, level);
            var key = customer.Id.ToString(CultureInfo.InvariantCulture);
            return await OrderEndpoints.WriteAsync(http, publisher, Topics.Customers, key, customer, $"/v1/customers/{key}", cancellationToken);
        });
    }
}
