using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ActorViews.Grains;

namespace ActorViews.Integration.Tests.Ecosystem;

/// <summary>
/// The orders example end to end through HTTP against a dev-mode silo process. One class, so its tests run one
/// at a time: they share the three products' stock.
/// </summary>
public sealed class EcosystemTests(EcosystemSilo fixture) : IClassFixture<EcosystemSilo>
{
    private readonly Gateway _gateway = new(fixture.Silo.Http);
    private readonly HttpClient _http = fixture.Silo.Http;

    [Fact]
    public async Task An_order_for_a_product_in_stock_comes_back_validated()
    {
        await StockAsync("UNDERPANTS", 1_000_000);
        var id = NewId();

        await _gateway.PostOrderAsync(id, NewCustomer(), "UNDERPANTS", 2, 10m);

        Assert.Equal("VALIDATED", await _gateway.SettledStateAsync(id));
        var view = await fixture.Client.WaitForValidatedAsync(id, TimeSpan.FromSeconds(30));
        Assert.NotNull(view);
        Assert.Equal(
            [OrderValidationType.InventoryCheck, OrderValidationType.FraudCheck, OrderValidationType.OrderDetailsCheck],
            view.Validations.Select(v => v.CheckType).Order());
        Assert.All(view.Validations, v => Assert.Equal(OrderValidationResult.Pass, v.ValidationResult));
    }

    [Fact]
    public async Task Sequential_orders_are_validated_until_stock_runs_out_then_fail()
    {
        // Earlier orders may hold reservations: make exactly three units available.
        var reserved = (await StockAsync("JUMPERS", 0)).GetProperty("reserved").GetInt64();
        var available = await StockAsync("JUMPERS", reserved + 3);
        Assert.Equal(3, available.GetProperty("available").GetInt64());

        var states = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            var id = NewId();
            await _gateway.PostOrderAsync(id, NewCustomer(), "JUMPERS", 1, 1m);
            states.Add(await _gateway.SettledStateAsync(id));
        }

        Assert.Equal(["VALIDATED", "VALIDATED", "VALIDATED", "FAILED"], states);
        var inventory = await fixture.Client.GetInventoryAsync(Product.Jumpers);
        Assert.Equal((reserved + 3, 0L), (inventory!.Reserved, inventory.Available));
    }

    [Fact]
    public async Task A_customer_spending_2000_in_a_session_fails_the_fraud_check_and_releases_the_stock()
    {
        await StockAsync("STOCKINGS", 1_000_000);
        var customer = NewCustomer();
        string[] ids = [NewId(), NewId(), NewId()];

        await _gateway.PostOrderAsync(ids[0], customer, "STOCKINGS", 1, 1000m);
        Assert.Equal("VALIDATED", await _gateway.SettledStateAsync(ids[0]));
        await _gateway.PostOrderAsync(ids[1], customer, "STOCKINGS", 3, 333.33m);
        Assert.Equal("VALIDATED", await _gateway.SettledStateAsync(ids[1]));
        var reservedBefore = (await fixture.Client.GetInventoryAsync(Product.Stockings))!.Reserved;

        await _gateway.PostOrderAsync(ids[2], customer, "STOCKINGS", 1, 0.01m);
        var failed = await _gateway.GetAsync($"/v1/orders/{ids[2]}/validated?timeout={Gateway.MaxWaitMs}");

        Assert.Equal("FAILED", failed.GetProperty("order").GetProperty("state").GetString());
        Assert.Contains(failed.GetProperty("validations").EnumerateArray(), v =>
            v.GetProperty("checkType").GetString() == "FRAUD_CHECK" && v.GetProperty("validationResult").GetString() == "FAIL");

        // The failed order had passed the inventory check; its reservation is given back.
        await fixture.Silo.WaitUntilAsync(
            async () => (await fixture.Client.GetInventoryAsync(Product.Stockings))!.Reserved == reservedBefore,
            TimeSpan.FromSeconds(30),
            $"the reservation of failed order {ids[2]} should be released, leaving {reservedBefore} reserved");
        await fixture.Silo.WaitUntilAsync(
            async () => (await fixture.Client.GetCustomerAsync(customer)) is { TotalValue: 1999.99m, FraudSessionTotal: 2000m, OrderCount: 3 },
            TimeSpan.FromSeconds(30),
            $"customer {customer} should show 3 orders, 1999.99 spent on those not failed and a 2000 session");
    }

    [Fact]
    public async Task A_burst_of_one_customers_orders_fails_exactly_those_that_bring_the_session_to_2000()
    {
        var reservedBefore = (await StockAsync("STOCKINGS", 1_000_000)).GetProperty("reserved").GetInt64();
        var customer = NewCustomer();
        var ids = Enumerable.Range(0, 5).Select(_ => NewId()).ToList();

        // 500 each, written at once over several partitions of orders: whatever order the customer applies them
        // in, the session reaches 500, 1000, 1500, 2000, 2500, so the fourth and fifth applied fail.
        await Task.WhenAll(ids.Select(id => RawOrders.ProduceAsync(
            fixture.Silo.BootstrapServers,
            id,
            JsonSerializer.Serialize(new Order(id, customer, OrderState.Created, Product.Stockings, 1, 500m)))));

        var states = new List<string>();
        foreach (var id in ids)
        {
            states.Add(await _gateway.SettledStateAsync(id));
        }

        Assert.Equal((3, 2), (states.Count(s => s == "VALIDATED"), states.Count(s => s == "FAILED")));
        await fixture.Silo.WaitUntilAsync(
            async () => (await fixture.Client.GetCustomerAsync(customer)) is { OrderCount: 5, TotalValue: 1500m, FraudSessionTotal: 2500m },
            TimeSpan.FromSeconds(30),
            $"customer {customer} should show 5 orders, 1500 spent on those not failed and a 2500 session");

        // The two failed orders passed the inventory check, whichever verdict came first; both are given back once.
        await fixture.Silo.WaitUntilAsync(
            async () => (await fixture.Client.GetInventoryAsync(Product.Stockings))!.Reserved == reservedBefore + 3,
            TimeSpan.FromSeconds(30),
            $"the failed orders' reservations should be released, leaving {reservedBefore + 3} reserved");
    }

    [Fact]
    public async Task Payment_and_customer_join_the_views()
    {
        await StockAsync("UNDERPANTS", 1_000_000);
        var customer = NewCustomer();
        var profile = await _gateway.GetAsync($"/v1/customers/{customer}", await _gateway.PostCustomerAsync(customer, "Grace"));
        Assert.Equal("Grace", profile.GetProperty("profile").GetProperty("firstName").GetString());
        Assert.Equal("bronze", profile.GetProperty("profile").GetProperty("level").GetString());

        var id = NewId();
        await _gateway.PostOrderAsync(id, customer, "UNDERPANTS", 4, 2.5m);
        Assert.Equal("VALIDATED", await _gateway.SettledStateAsync(id));
        var paid = await _gateway.GetAsync($"/v1/orders/{id}", await _gateway.PostPaymentAsync($"pay-{id}", id, 10m));

        Assert.Equal(10m, paid.GetProperty("payment").GetProperty("amount").GetDecimal());
        Assert.Equal("EUR", paid.GetProperty("payment").GetProperty("ccy").GetString());
        await fixture.Silo.WaitUntilAsync(
            async () => (await fixture.Client.GetCustomerAsync(customer))?.Orders.SingleOrDefault() is { State: OrderState.Validated } order && order.Id == id,
            TimeSpan.FromSeconds(30),
            $"customer {customer}'s view should list order {id} as VALIDATED next to the profile");
    }

    [Fact]
    public async Task A_read_with_the_write_position_sees_the_write()
    {
        var id = NewId();
        var position = await _gateway.PostOrderAsync(id, NewCustomer(), "JUMPERS", 1, 1m);

        // No timeout given: the position alone makes the read wait until the view applied the write.
        var byHeader = await _gateway.GetAsync($"/v1/orders/{id}", position);
        var byQuery = await _gateway.GetAsync($"/v1/orders/{id}?position={position}");

        Assert.Equal(id, byHeader.GetProperty("order").GetProperty("id").GetString());
        Assert.Equal(id, byQuery.GetProperty("order").GetProperty("id").GetString());
    }

    [Theory]
    [InlineData("/v1/orders/never-written?timeout=200")]
    [InlineData("/v1/orders/never-written/validated?timeout=200")]
    [InlineData("/v1/customers/987654321987?timeout=200")]
    public async Task A_long_poll_that_times_out_answers_504(string path)
    {
        using var response = await _http.GetAsync(path);

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Many_waiters_on_one_order_are_all_released_or_timed_out_and_none_leak()
    {
        var missing = NewId();
        var timedOut = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => fixture.Client.WaitForOrderAsync(missing, TimeSpan.FromMilliseconds(300))));
        Assert.All(timedOut, Assert.Null);
        Assert.Equal(0, await fixture.Client.Grains.GetGrain<IOrderView>(missing).GetWaiterCountAsync());

        var id = NewId();
        var view = fixture.Client.Grains.GetGrain<IOrderView>(id);
        var waits = Enumerable.Range(0, 100).Select(_ => fixture.Client.WaitForOrderAsync(id, TimeSpan.FromSeconds(30))).ToList();
        await fixture.Silo.WaitUntilAsync(async () => await view.GetWaiterCountAsync() == 100, TimeSpan.FromSeconds(30), "100 callers should be waiting");
        await _gateway.PostOrderAsync(id, NewCustomer(), "JUMPERS", 1, 1m);

        Assert.All(await Task.WhenAll(waits), snapshot => Assert.Equal(id, snapshot?.Order.Id));
        Assert.Equal(0, await view.GetWaiterCountAsync());
    }

    [Theory]
    [InlineData("/v1/orders", """{"id":"a","customerId":"seven","product":"JUMPERS","quantity":1,"price":1}""", "customerId")]
    [InlineData("/v1/orders", """{"id":"a","customerId":7,"product":"SOCKS","quantity":1,"price":1}""", "product")]
    [InlineData("/v1/orders", """{"id":"a","customerId":7,"product":"JUMPERS","quantity":0,"price":1}""", "quantity")]
    [InlineData("/v1/orders", """{"id":"a","customerId":7,"product":"JUMPERS","quantity":1,"price":-1}""", "price")]
    [InlineData("/v1/orders", """{"id":"a","customerId":7,"product":"JUMPERS","quantity":1,"price":1,"state":"VALIDATED"}""", "state")]
    [InlineData("/v1/orders", """{"customerId":7,"product":"JUMPERS","quantity":1,"price":1}""", "id")]
    [InlineData("/v1/orders", """{"id":"a","customerId":7,"product":"JUMPERS","quantity":99999999999,"price":1}""", "quantity")]
    [InlineData("/v1/orders", """not json""", "body")]
    [InlineData("/v1/orders", """[1,2]""", "body")]
    [InlineData("/v1/customers", """{"id":1,"firstName":"A","lastName":"B","email":"no-at-sign","address":"C"}""", "email")]
    [InlineData("/v1/customers", """{"id":1,"firstName":"A","lastName":"B","email":"a@b","address":"C","level":"diamond"}""", "level")]
    [InlineData("/v1/customers", """{"id":-1,"firstName":"A","lastName":"B","email":"a@b","address":"C"}""", "id")]
    [InlineData("/v1/payments", """{"id":"p","orderId":"o","ccy":"euro","amount":1}""", "ccy")]
    [InlineData("/v1/payments", """{"id":"p","orderId":"o","ccy":"EUR","amount":0}""", "amount")]
    public async Task A_bad_write_is_a_400_naming_the_field(string path, string body, string field)
    {
        using var response = await _http.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));

        await AssertNamesAsync(response, field);
    }

    [Theory]
    [InlineData("/v1/inventory/SOCKS", """{"quantity":1}""", "product")]
    [InlineData("/v1/inventory/JUMPERS", """{"quantity":-1}""", "quantity")]
    [InlineData("/v1/inventory/JUMPERS", """{"quantity":1,"product":"STOCKINGS"}""", "product")]
    public async Task A_bad_stock_report_is_a_400_naming_the_field(string path, string body, string field)
    {
        using var response = await _http.PutAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));

        await AssertNamesAsync(response, field);
    }

    [Theory]
    [InlineData("/v1/orders/a?timeout=abc", "timeout")]
    [InlineData("/v1/orders/a?timeout=20001", "timeout")]
    [InlineData("/v1/orders/a?position=not-a-token", "position")]
    [InlineData("/v1/customers/abc", "id")]
    [InlineData("/v1/inventory/SOCKS", "product")]
    public async Task A_bad_read_is_a_400_naming_the_parameter(string path, string field)
    {
        using var response = await _http.GetAsync(path);

        await AssertNamesAsync(response, field);
    }

    [Fact]
    public async Task A_position_in_a_topic_the_view_does_not_read_is_a_400()
    {
        var stockPosition = await _gateway.PutStockAsync("JUMPERS", 5);

        using var response = await _http.GetAsync($"/v1/orders/a?position={stockPosition}");

        await AssertNamesAsync(response, "position");
    }

    [Fact]
    public async Task An_oversized_body_is_refused()
    {
        var huge = new string('x', 100_000);

        using var response = await _http.PostAsync("/v1/orders", new StringContent($$"""{"id":"{{huge}}"}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task The_openapi_document_lists_the_gateway()
    {
        var document = await _http.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/v1/orders", paths);
        Assert.Contains("/v1/orders/{id}/validated", paths);
        Assert.Contains("/v1/inventory/{product}", paths);
    }

    private static async Task AssertNamesAsync(HttpResponseMessage response, string field)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"Expected 400, got {(int)response.StatusCode}: {text}");
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"The problem should name '{field}': {text}");
    }

    /// <summary>Reports stock and waits (read-your-writes) until the view shows it.</summary>
    private async Task<JsonElement> StockAsync(string product, long quantity) =>
        await _gateway.GetAsync($"/v1/inventory/{product}", await _gateway.PutStockAsync(product, quantity));

    private static string NewId() => $"order-{Guid.NewGuid():N}";

    private static long NewCustomer() => Random.Shared.NextInt64(1, long.MaxValue);
}
