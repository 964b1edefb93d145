using System.Globalization;
using ActorViews.Grains;
using ActorViews.Integration.Tests.Cluster;
using ActorViews.Streaming.Kafka;
using Confluent.Kafka;

namespace ActorViews.Integration.Tests.Ecosystem;

/// <summary>Events any raw producer can send that a view cannot apply: each ends in a dead letter with its reason, and nothing half-applied stays behind.</summary>
public sealed class PoisonOrderTests(EcosystemSilo fixture) : IClassFixture<EcosystemSilo>
{
    private readonly Gateway _gateway = new(fixture.Silo.Http);

    [Fact]
    public async Task An_order_whose_amount_overflows_is_dead_lettered_failed_by_its_other_checks_and_leaves_its_customer_readable()
    {
        var id = $"order-{Guid.NewGuid():N}";
        var customer = Random.Shared.NextInt64(1, long.MaxValue);
        var price = (decimal.MaxValue / 1.5m).ToString(CultureInfo.InvariantCulture);

        await RawOrders.ProduceAsync(fixture.Silo.BootstrapServers, id, $$"""{"id":"{{id}}","customerId":{{customer}},"state":"CREATED","product":"JUMPERS","quantity":2,"price":{{price}}}""");

        // The fraud check cannot total the order: its event re-keyed to the customer is dead-lettered, not skipped as applied.
        var letter = DeadLetters.Read(fixture.Silo.BootstrapServers, Topics.CustomerOrders + ".dlq", customer.ToString(CultureInfo.InvariantCulture), TimeSpan.FromSeconds(60));
        Assert.Contains("OverflowException", letter.Headers[DeadLetterHeaders.Reason], StringComparison.Ordinal);

        // The order details check still answers, and decides the order.
        Assert.Equal("FAILED", await _gateway.SettledStateAsync(id));

        // The customer view holds the order only as FAILED, and reads as 200 (it answered 500 for good when half-applied).
        var view = await _gateway.GetAsync($"/v1/customers/{customer}");
        var order = Assert.Single(view.GetProperty("orders").EnumerateArray());
        Assert.Equal("FAILED", order.GetProperty("state").GetString());
    }

    [Theory]
    [InlineData("warehouse-inventory", "jumpers", """{"product":"JUMPERS","quantity":5}""", "'JUMPERS'")]
    [InlineData("orders", "order-key", """{"id":"order-id","customerId":7,"state":"CREATED","product":"JUMPERS","quantity":1,"price":1}""", "'order-id'")]
    [InlineData("customers", "007", """{"id":7,"firstName":"A","lastName":"B","email":"a@b.c","address":"X"}""", "'7'")]
    public async Task A_message_whose_key_is_not_the_id_its_payload_names_is_dead_lettered_with_both(string topic, string key, string json, string named)
    {
        // Unique per run: the key is what the dead-letter reader looks for.
        var unique = Guid.NewGuid().ToString("N")[..8];
        key = topic == "orders" ? $"{key}-{unique}" : key;
        json = json.Replace("order-id", $"order-id-{unique}", StringComparison.Ordinal);
        named = named.Replace("order-id", $"order-id-{unique}", StringComparison.Ordinal);
        using var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = fixture.Silo.BootstrapServers, Partitioner = Partitioner.Murmur2Random }).Build();
        await producer.ProduceAsync(topic, new Message<string, string> { Key = key, Value = json });

        var letter = DeadLetters.Read(fixture.Silo.BootstrapServers, topic + ".dlq", key, TimeSpan.FromSeconds(60));
        var reason = letter.Headers[DeadLetterHeaders.Reason];
        Assert.Contains($"'{key}'", reason, StringComparison.Ordinal);
        Assert.Contains(named, reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_order_stamped_years_ahead_does_not_push_the_customers_real_spending_out_of_the_fraud_window()
    {
        await _gateway.GetAsync("/v1/inventory/JUMPERS", await _gateway.PutStockAsync("JUMPERS", 1_000_000));
        var customer = Random.Shared.NextInt64(1, long.MaxValue);
        string[] ids = [$"order-{Guid.NewGuid():N}", $"order-{Guid.NewGuid():N}", $"order-{Guid.NewGuid():N}"];

        await RawOrders.ProduceAsync(fixture.Silo.BootstrapServers, ids[0], Json(ids[0], 1m), DateTimeOffset.UtcNow.AddYears(10));
        Assert.Equal("VALIDATED", await _gateway.SettledStateAsync(ids[0]));
        await RawOrders.ProduceAsync(fixture.Silo.BootstrapServers, ids[1], Json(ids[1], 1500m));
        Assert.Equal("VALIDATED", await _gateway.SettledStateAsync(ids[1]));

        // 1500 + 1500 in one session reaches the limit of 2000, however far ahead the first order claimed to be.
        await RawOrders.ProduceAsync(fixture.Silo.BootstrapServers, ids[2], Json(ids[2], 1500m));
        Assert.Equal("FAILED", await _gateway.SettledStateAsync(ids[2]));

        string Json(string id, decimal price) =>
            $$"""{"id":"{{id}}","customerId":{{customer}},"state":"CREATED","product":"JUMPERS","quantity":1,"price":{{price.ToString(CultureInfo.InvariantCulture)}}}""";
    }
}
