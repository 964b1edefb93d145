using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ActorViews.Grains;
using ActorViews.Integration.Tests.Replay;
using ActorViews.Streaming.Kafka;

namespace ActorViews.Integration.Tests.Ecosystem;

/// <summary>
/// How the services answer orders that fail, orders given twice and orders of the past, end to end against a
/// silo of its own: no test here stocks UNDERPANTS, so the warehouse never reported it.
/// </summary>
public sealed class EcosystemVerdictTests(EcosystemSilo fixture) : IClassFixture<EcosystemSilo>
{
    private const int Partitions = 8;
    private readonly Gateway _gateway = new(fixture.Silo.Http);
    private readonly HttpClient _http = fixture.Silo.Http;

    [Theory]
    [InlineData("")]
    [InlineData(",\"product\":null")]
    [InlineData(",\"product\":\"SOCKS\"")]
    public async Task An_order_without_a_product_the_shop_sells_comes_back_failed_by_the_order_details_check(string product)
    {
        var id = NewId();

        await RawOrders.ProduceAsync(fixture.Silo.BootstrapServers, id, $$"""{"id":"{{id}}","customerId":{{NewCustomer()}},"state":"CREATED"{{product}},"quantity":1,"price":1}""");

        var settled = await _gateway.GetAsync($"/v1/orders/{id}/validated?timeout={Gateway.MaxWaitMs}");
        Assert.Equal("FAILED", settled.GetProperty("order").GetProperty("state").GetString());

        // The first FAIL settles the order; the order details check's verdict may come after the inventory check's.
        var details = await WaitForVerdictAsync(id, "ORDER_DETAILS_CHECK");
        Assert.Equal("FAIL", details.GetProperty("validationResult").GetString());
        Assert.Contains("product", details.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_order_for_a_product_the_warehouse_never_reported_fails_with_the_reason_shown()
    {
        var id = NewId();
        await _gateway.PostOrderAsync(id, NewCustomer(), "UNDERPANTS", 1, 1m);

        Assert.Equal("FAILED", await _gateway.SettledStateAsync(id));
        var inventory = await WaitForVerdictAsync(id, "INVENTORY_CHECK");
        Assert.Equal("FAIL", inventory.GetProperty("validationResult").GetString());
        Assert.Equal("The warehouse has reported no stock of UNDERPANTS.", inventory.GetProperty("reason").GetString());
        var details = await WaitForVerdictAsync(id, "ORDER_DETAILS_CHECK");
        Assert.Equal("PASS", details.GetProperty("validationResult").GetString());
        Assert.False(details.TryGetProperty("reason", out _), $"a PASS carries no reason: {details}");
    }

    [Fact]
    public async Task A_long_poll_on_inventory_the_warehouse_never_reported_answers_504()
    {
        using var response = await _http.GetAsync("/v1/inventory/UNDERPANTS?timeout=200");

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Two_fail_verdicts_publish_the_order_as_failed_exactly_once()
    {
        await StockJumpersAsync();
        var id = NewId();

        // A negative quantity fails both the order details check and the inventory check.
        await RawOrders.ProduceAsync(fixture.Silo.BootstrapServers, id, $$"""{"id":"{{id}}","customerId":{{NewCustomer()}},"state":"CREATED","product":"JUMPERS","quantity":-1,"price":1}""");

        await fixture.Silo.WaitUntilAsync(
            async () => (await fixture.Client.GetOrderAsync(id)) is { Validations.Count: 3 } view
                && view.Validations.Count(v => v.ValidationResult == OrderValidationResult.Fail) == 2,
            TimeSpan.FromSeconds(30),
            $"order {id} should have three verdicts, two of them FAIL");
        var events = OrderEvents(id);
        Assert.Equal(["CREATED", "FAILED"], events);
    }

    [Fact]
    public async Task Placing_an_order_id_again_is_a_409_and_the_order_stays_settled()
    {
        await StockJumpersAsync();
        var id = NewId();
        await _gateway.PostOrderAsync(id, NewCustomer(), "JUMPERS", 1, 1m);
        Assert.Equal("VALIDATED", await _gateway.SettledStateAsync(id));

        using var again = await _http.PostAsJsonAsync("/v1/orders", new { id, customerId = 5, state = "CREATED", product = "JUMPERS", quantity = 1, price = 1m });

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("application/problem+json", again.Content.Headers.ContentType?.MediaType);
        Assert.Contains(id, await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(["CREATED", "VALIDATED"], OrderEvents(id));
    }

    [Fact]
    public async Task The_write_position_of_an_order_is_read_your_writes_for_its_customer_and_inventory()
    {
        await StockJumpersAsync();
        var customer = NewCustomer();
        var id = NewId();

        var position = await _gateway.PostOrderAsync(id, customer, "JUMPERS", 2, 1m);

        // No timeout: the position alone makes each read wait until that view applied the order.
        var customerView = await _gateway.GetAsync($"/v1/customers/{customer}", position);
        Assert.Contains(customerView.GetProperty("orders").EnumerateArray(), o => o.GetProperty("id").GetString() == id);
        var inventory = await _gateway.GetAsync($"/v1/inventory/JUMPERS", position);
        Assert.True(inventory.GetProperty("reservations").GetInt32() >= 1, $"the inventory view should show order {id}'s reservation: {inventory}");
    }

    [Fact]
    public async Task The_fraud_session_follows_the_message_timestamps_not_the_arrival()
    {
        await StockJumpersAsync();
        var customer = NewCustomer();
        var now = DateTimeOffset.UtcNow;
        string[] ids = [NewId(), NewId()];

        // 1500 each: one session would reach 2000. Their event times are 3 h apart, so they are two sessions.
        await RawOrders.ProduceAsync(fixture.Silo.BootstrapServers, ids[0], Json(ids[0], customer, 1500m), now.AddHours(-3));
        Assert.Equal("VALIDATED", await _gateway.SettledStateAsync(ids[0]));
        await RawOrders.ProduceAsync(fixture.Silo.BootstrapServers, ids[1], Json(ids[1], customer, 1500m), now);
        Assert.Equal("VALIDATED", await _gateway.SettledStateAsync(ids[1]));

        var view = await fixture.Client.GetCustomerAsync(customer);
        Assert.Equal((2, 1500m), (view!.OrderCount, view.FraudSessionTotal));

        static string Json(string id, long customer, decimal price) => JsonSerializer.Serialize(new Order(id, customer, OrderState.Created, Product.Jumpers, 1, price));
    }

    [Fact]
    public async Task The_router_given_the_same_batch_twice_reserves_and_publishes_each_verdict_once()
    {
        var reservedBefore = (await StockJumpersAsync()).GetProperty("reserved").GetInt64();
        var id = NewId();
        var batch = Batch(new Order(id, NewCustomer(), OrderState.Created, Product.Jumpers, 7, 1m));
        var router = fixture.Client.Grains.GetGrain<IOrderRouter>(id);

        await router.ApplyAsync(batch);
        await router.ApplyAsync(batch);

        Assert.Equal(
            [OrderValidationType.InventoryCheck, OrderValidationType.FraudCheck, OrderValidationType.OrderDetailsCheck],
            Validations(id).Select(v => v.CheckType).Order());
        Assert.Equal(reservedBefore + 7, (await fixture.Client.GetInventoryAsync(Product.Jumpers))!.Reserved);
    }

    [Fact]
    public async Task A_product_asked_again_by_a_router_that_crashed_before_recording_reserves_once_and_releases_once()
    {
        var reservedBefore = (await StockJumpersAsync()).GetProperty("reserved").GetInt64();
        var id = NewId();
        var product = fixture.Client.Grains.GetGrain<IInventoryView>("JUMPERS");
        var position = new KafkaPosition("redelivered-orders", 0, 1_000_000);

        // The router asks, crashes before storing its offsets, and asks again for the same event.
        var first = await product.ReserveAsync(id, 7, position, "redelivery-test-log");
        var again = await product.ReserveAsync(id, 7, position, "redelivery-test-log");
        Assert.Equal((OrderValidationResult.Pass, first), (first.Result, again));
        Assert.Equal(reservedBefore + 7, (await fixture.Client.GetInventoryAsync(Product.Jumpers))!.Reserved);

        // The order fails; its aggregator releases, crashes before storing its decision, and releases again.
        await product.ReleaseAsync(id, 7);
        await product.ReleaseAsync(id, 7);
        Assert.Equal(reservedBefore, (await fixture.Client.GetInventoryAsync(Product.Jumpers))!.Reserved);
    }

    private static KafkaEventBatch<Order> Batch(Order order) =>
        // A topic of its own: the positions it leaves in the views must not pass for positions of orders.
        new("redelivered-orders", 0, [new KafkaEvent<Order>(1_000_000, DateTimeOffset.UtcNow, order)], "redelivery-test-log");

    private List<OrderValidation> Validations(string orderId) =>
        [.. TopicReader.ReadAll(fixture.Silo.BootstrapServers, Topics.OrderValidations, Partitions, TimeSpan.FromSeconds(30))
            .Where(r => r.Key == orderId)
            .Select(r => JsonSerializer.Deserialize<OrderValidation>(r.Value, JsonEventSerializer.Options)!)];

    private List<string> OrderEvents(string orderId) =>
        [.. TopicReader.ReadAll(fixture.Silo.BootstrapServers, Topics.Orders, Partitions, TimeSpan.FromSeconds(30))
            .Where(r => r.Key == orderId)
            .Select(r => JsonDocument.Parse(r.Value).RootElement.GetProperty("state").GetString()!)];

    private async Task<JsonElement> WaitForVerdictAsync(string orderId, string checkType)
    {
        JsonElement verdict = default;
        await fixture.Silo.WaitUntilAsync(
            async () =>
            {
                using var response = await _http.GetAsync($"/v1/orders/{orderId}");
                var view = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
                var found = view.TryGetProperty("validations", out var validations)
                    ? validations.EnumerateArray().Where(v => v.GetProperty("checkType").GetString() == checkType).ToList()
                    : [];
                verdict = found.Count == 1 ? found[0].Clone() : default;
                return found.Count == 1;
            },
            TimeSpan.FromSeconds(30),
            $"order {orderId}'s view should show the {checkType} verdict");
        return verdict;
    }

    private async Task<JsonElement> StockJumpersAsync() =>
        await _gateway.GetAsync("/v1/inventory/JUMPERS", await _gateway.PutStockAsync("JUMPERS", 1_000_000));

    private static string NewId() => $"order-{Guid.NewGuid():N}";

    private static long NewCustomer() => Random.Shared.NextInt64(1, long.MaxValue);
}
