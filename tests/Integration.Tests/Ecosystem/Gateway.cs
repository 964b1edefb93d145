using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace ActorViews.Integration.Tests.Ecosystem;

/// <summary>The ecosystem's HTTP calls as the tests make them, asserting the status each should answer.</summary>
internal sealed class Gateway(HttpClient http)
{
    /// <summary>Long-polls are bounded by the gateway at 20 s; the tests wait the longest allowed.</summary>
    public const int MaxWaitMs = 20_000;

    public Task<string> PostOrderAsync(string id, long customerId, string product, int quantity, decimal price) =>
        WriteAsync(HttpMethod.Post, "/v1/orders", new { id, customerId, state = "CREATED", product, quantity, price }, HttpStatusCode.Created, $"/v1/orders/{id}");

    public Task<string> PutStockAsync(string product, long quantity) =>
        WriteAsync(HttpMethod.Put, $"/v1/inventory/{product}", new { quantity }, HttpStatusCode.OK, $"/v1/inventory/{product}");

    public Task<string> PostCustomerAsync(long id, string firstName) =>
        WriteAsync(HttpMethod.Post, "/v1/customers", new { id, firstName, lastName = "Tester", email = $"{firstName}@example.com", address = "1 Log Street" }, HttpStatusCode.Created, $"/v1/customers/{id}");

    // A payment's resource is the order it pays, whose view shows it.
    public Task<string> PostPaymentAsync(string id, string orderId, decimal amount) =>
        WriteAsync(HttpMethod.Post, "/v1/payments", new { id, orderId, ccy = "EUR", amount }, HttpStatusCode.Created, $"/v1/orders/{orderId}");

    /// <summary>GETs <paramref name="path"/> carrying <paramref name="position"/> (if any) and expects 200.</summary>
    public async Task<JsonElement> GetAsync(string path, string? position = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (position is not null)
        {
            request.Headers.Add("X-Position", position);
        }

        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path} should answer 200, not {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Waits (long-poll) until the order is VALIDATED or FAILED and returns its state.</summary>
    public async Task<string> SettledStateAsync(string orderId)
    {
        var view = await GetAsync($"/v1/orders/{orderId}/validated?timeout={MaxWaitMs}");
        return view.GetProperty("order").GetProperty("state").GetString()!;
    }

    private async Task<string> WriteAsync(HttpMethod method, string path, object body, HttpStatusCode expected, string location)
    {
        using var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) };
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{method} {path} should answer {(int)expected}, not {(int)response.StatusCode}: {text}");
        Assert.Equal(location, response.Headers.Location?.OriginalString);
        var position = Assert.Single(response.Headers.GetValues("X-Position"));
        Assert.Equal(position, JsonDocument.Parse(text).RootElement.GetProperty("position").GetString());
        return position;
    }
}
