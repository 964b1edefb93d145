using System.Globalization;
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

    // The positions the tests that write the router's requests themselves leave in the views are of a topic of
    // their own, so they never pass for positions of orders.
    private const string RedeliveryLog = "redelivery-test-log";
    private static long _redeliveredOffset;
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
    public async Task The_router_given_the_same_batch_twice_publishes_each_request_once()
    {
        var reservedBefore = (await StockJumpersAsync()).GetProperty("reserved").GetInt64();
        var id = NewId();
        var batch = Batch(new Order(id, NewCustomer(), OrderState.Created, Product.Jumpers, 7, 1m));
        var router = fixture.Client.Grains.GetGrain<IOrderRouter>(KafkaPartitionKey.Of(batch.Topic, batch.Partition));

        await router.ApplyAsync(batch);
        await router.ApplyAsync(batch);

        // The details check is the order view's, on the CREATED order: the router publishes requests only.
        await WaitForValidationsAsync(id, 2);
        Assert.Equal(
            [OrderValidationType.InventoryCheck, OrderValidationType.FraudCheck],
            Validations(id).Select(v => v.CheckType).Order());
        Assert.Equal(reservedBefore + 7, (await fixture.Client.GetInventoryAsync(Product.Jumpers))!.Reserved);
    }

    [Fact]
    public async Task A_reservation_request_written_twice_reserves_once_and_gets_one_verdict()
    {
        var reservedBefore = (await StockJumpersAsync()).GetProperty("reserved").GetInt64();
        string[] ids = [NewId(), NewId()];

        // The router wrote the first request, crashed before storing its offsets, and wrote it again with the next one.
        var first = Request(ids[0], 7, NextSource());
        await ProduceInternalAsync(Topics.InventoryRequests, "JUMPERS", first);
        await ProduceInternalAsync(Topics.InventoryRequests, "JUMPERS", first);
        await ProduceInternalAsync(Topics.InventoryRequests, "JUMPERS", Request(ids[1], 1, NextSource()));

        // Requests of one product arrive in the order written: once the second order's verdict is out, the copy was applied too.
        await WaitForValidationsAsync(ids[1], 1);
        await WaitForValidationsAsync(ids[0], 1);
        Assert.Equal(reservedBefore + 8, (await fixture.Client.GetInventoryAsync(Product.Jumpers))!.Reserved);
        var verdict = Assert.Single(Validations(ids[0]));
        Assert.Equal((OrderValidationType.InventoryCheck, OrderValidationResult.Pass), (verdict.CheckType, verdict.ValidationResult));

        static InventoryRequest Request(string id, int quantity, KafkaPosition source) =>
            new(id, Product.Jumpers, quantity, Reserve: true, source, RedeliveryLog);
    }

    [Fact]
    public async Task An_order_event_written_twice_to_its_customer_counts_once_towards_the_fraud_session()
    {
        var customer = NewCustomer();
        var key = customer.ToString(CultureInfo.InvariantCulture);
        string[] ids = [NewId(), NewId()];
        var now = DateTimeOffset.UtcNow;

        // 1500 and then 400 in one session: 1900 passes, while the first counted twice would fail the second order.
        var first = Routed(ids[0], 1500m, NextSource());
        await ProduceInternalAsync(Topics.CustomerOrders, key, first);
        await ProduceInternalAsync(Topics.CustomerOrders, key, first);
        await ProduceInternalAsync(Topics.CustomerOrders, key, Routed(ids[1], 400m, NextSource()));

        await WaitForValidationsAsync(ids[1], 1);
        var view = await fixture.Client.GetCustomerAsync(customer);
        Assert.Equal((2, 1900m, 1900m), (view!.OrderCount, view.TotalValue, view.FraudSessionTotal));
        Assert.Equal(OrderValidationResult.Pass, Assert.Single(Validations(ids[1])).ValidationResult);
        var verdict = Assert.Single(Validations(ids[0]));
        Assert.Equal((OrderValidationType.FraudCheck, OrderValidationResult.Pass), (verdict.CheckType, verdict.ValidationResult));

        CustomerOrder Routed(string id, decimal price, KafkaPosition source) =>
            new(new Order(id, customer, OrderState.Created, Product.Jumpers, 1, price), now, source, RedeliveryLog);
    }

    [Fact]
    public async Task A_product_releases_a_failed_order_once_however_often_its_aggregator_asks()
    {
        var reservedBefore = (await StockJumpersAsync()).GetProperty("reserved").GetInt64();
        var id = NewId();
        var product = fixture.Client.Grains.GetGrain<IInventoryView>("JUMPERS");
        await ProduceInternalAsync(Topics.InventoryRequests, "JUMPERS", new InventoryRequest(id, Product.Jumpers, 7, Reserve: true, NextSource(), RedeliveryLog));
        await WaitForValidationsAsync(id, 1);
        Assert.Equal(reservedBefore + 7, (await fixture.Client.GetInventoryAsync(Product.Jumpers))!.Reserved);

        // The order fails; its aggregator releases, crashes before storing its decision, and releases again.
        await product.ReleaseAsync(id, 7);
        await product.ReleaseAsync(id, 7);
        Assert.Equal(reservedBefore, (await fixture.Client.GetInventoryAsync(Product.Jumpers))!.Reserved);
    }

    private static KafkaEventBatch<Order> Batch(Order order) =>
        new("redelivered-orders", 0, [new KafkaEvent<Order>(Interlocked.Increment(ref _redeliveredOffset), DateTimeOffset.UtcNow, order)], RedeliveryLog);

    // The next position of that topic: increasing, as the router writes them.
    private static KafkaPosition NextSource() => new("redelivered-orders", 1, Interlocked.Increment(ref _redeliveredOffset));

    private Task ProduceInternalAsync<TEvent>(string topic, string key, TEvent value) =>
        RawOrders.ProduceToAsync(fixture.Silo.BootstrapServers, topic, key, JsonSerializer.Serialize(value, JsonEventSerializer.Options));

    private Task WaitForValidationsAsync(string orderId, int count) =>
        fixture.Silo.WaitUntilAsync(
            () => Task.FromResult(Validations(orderId).Count >= count),
            TimeSpan.FromSeconds(30),
            $"order {orderId} should have {count} verdict(s) on {Topics.OrderValidations}");

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
