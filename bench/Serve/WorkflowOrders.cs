using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using ActorViews.Grains;
using ActorViews.Streaming.Kafka;
using ActorViews.Tests.Shared;

namespace ActorViews.Serve;

/// <summary>
/// The orders the workflow bench places: every one should end VALIDATED. Stock is set far above what any run
/// orders, products rotate over the three, and customers are spread so that no customer's one-hour session
/// reaches the fraud limit (2000): 1,000 customers, each order 1 × 1.00, so a customer spends at most
/// orders / 1,000 within the run.
/// </summary>
internal static class WorkflowOrders
{
    /// <summary>The most orders one run may place before a customer's session total would reach the fraud limit.</summary>
    public const int MaxOrders = 1_900_000;

    /// <summary>What <c>PUT /v1/inventory/{product}</c> sets every product's stock to (the gateway's maximum).</summary>
    public const long Stock = 1_000_000_000;

    private const int Customers = 1_000;

    private static readonly Product[] Products = [Product.Jumpers, Product.Underpants, Product.Stockings];

    /// <summary>A new order, CREATED, as the gateway writes it to <c>orders</c>.</summary>
    /// <param name="prefix">Distinguishes the orders of one run from every other run on the same silo.</param>
    /// <param name="index">The order's number within the run.</param>
    public static Order Created(string prefix, int index) => new(
        Id(prefix, index), 1 + (index % Customers), OrderState.Created, Products[index % Products.Length], Quantity: 1, Price: 1.00m);

    public static string Id(string prefix, int index) => prefix + "-" + index.ToString(CultureInfo.InvariantCulture);

    /// <summary>The order as JSON in the encoding every ActorViews component writes (the gateway's publisher too).</summary>
    public static byte[] Json(Order order) => JsonSerializer.SerializeToUtf8Bytes(order, JsonEventSerializer.Options);

    /// <summary>The body of <c>POST /v1/orders</c> for <paramref name="order"/>.</summary>
    public static HttpContent PostBody(Order order) => JsonContent.Create(order, options: JsonEventSerializer.Options);

    /// <summary>Sets every product's stock to <see cref="Stock"/> through the HTTP API, as a warehouse would.</summary>
    public static async Task StockUpAsync(SiloProcess silo)
    {
        foreach (var product in Products)
        {
            var name = ProductNames.Of(product);
            using var response = await silo.Http.PutAsJsonAsync($"/v1/inventory/{name}", new { quantity = Stock });
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException(
                    $"PUT /v1/inventory/{name} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }
        }
    }
}
