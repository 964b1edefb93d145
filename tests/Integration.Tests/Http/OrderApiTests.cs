using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ActorViews.Grains;
using ActorViews.Integration.Tests.Support;
using ActorViews.Tests.Shared;

namespace ActorViews.Integration.Tests.Http;

public sealed class OrderApiTests(DevSilo fixture) : IClassFixture<DevSilo>
{
    private static readonly TimeSpan ViewTimeout = TimeSpan.FromSeconds(60);
    private readonly SiloProcess _silo = fixture.Silo;

    [Fact]
    public async Task An_order_written_by_a_plain_producer_shows_up_in_its_view()
    {
        var id = $"order-{Guid.NewGuid():N}";
        var order = new Order(id, 42, OrderState.Validated, Product.Underpants, 3, 19.99m);

        var written = await OrderProducer.ProduceAsync(_silo.BootstrapServers, "orders", order);

        using var snapshot = await _silo.GetWhenPresentAsync($"/v1/orders/{id}", ViewTimeout, $"GET /v1/orders/{id} should return the order written at {written}");
        var root = snapshot.RootElement;
        Assert.Equal(order, root.GetProperty("order").Deserialize<Order>());
        Assert.Equal(1, root.GetProperty("appliedEvents").GetInt64());
        var lastApplied = root.GetProperty("lastApplied");
        Assert.Equal("orders", lastApplied.GetProperty("topic").GetString());
        Assert.Equal(written.Partition.Value, lastApplied.GetProperty("partition").GetInt32());
        Assert.Equal(written.Offset.Value, lastApplied.GetProperty("offset").GetInt64());
    }

    [Fact]
    public async Task An_order_without_events_is_not_found()
    {
        using var response = await _silo.Http.GetAsync($"/v1/orders/unknown-{Guid.NewGuid():N}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(404, problem.GetProperty("status").GetInt32());
    }

    [Theory]
    [InlineData("a%01b")]
    [InlineData("%7F")]
    public async Task An_id_with_control_characters_is_a_bad_request_naming_id(string id)
    {
        await AssertBadIdAsync(id);
    }

    [Fact]
    public async Task An_id_over_256_characters_is_a_bad_request_naming_id()
    {
        await AssertBadIdAsync(new string('x', 257));
    }

    [Fact]
    public async Task An_id_of_256_characters_is_accepted()
    {
        using var response = await _silo.Http.GetAsync($"/v1/orders/{new string('x', 256)}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Status_lists_every_partition_of_every_topic_with_owner_commit_and_lag()
    {
        var order = new Order($"order-{Guid.NewGuid():N}", 7, OrderState.Created, Product.Jumpers, 1, 5m);
        var written = await OrderProducer.ProduceAsync(_silo.BootstrapServers, Topics.Orders, order);
        (await _silo.GetWhenPresentAsync($"/v1/orders/{order.Id}", ViewTimeout, $"the order written at {written} in its view")).Dispose();

        // Offsets are committed on the next commit tick after delivery, and receivers claim as they start.
        JsonElement status = default;
        await Deadline.Until(
            async () =>
            {
                status = await _silo.Http.GetFromJsonAsync<JsonElement>("/v1/status");
                var partitions = status.GetProperty("partitions").EnumerateArray().ToList();
                return partitions.All(p => p.GetProperty("owner").ValueKind == JsonValueKind.String)
                    && partitions.Any(p => IsPartition(p, Topics.Orders, written.Partition.Value) && p.GetProperty("committedOffset").ValueKind == JsonValueKind.Number && p.GetProperty("committedOffset").GetInt64() > written.Offset.Value);
            },
            ViewTimeout,
            () => $"every partition owned and {written} committed; status was {status}");

        Assert.Equal(_silo.BootstrapServers, status.GetProperty("bootstrapServers").GetString());
        Assert.False(string.IsNullOrEmpty(_silo.BootstrapServers));
        var listed = status.GetProperty("partitions").EnumerateArray().ToList();
        var expected = Topics.All.SelectMany(t => Enumerable.Range(0, 8).Select(p => (t, p))).Order().ToList();
        Assert.Equal(expected, listed.Select(p => (p.GetProperty("topic").GetString()!, p.GetProperty("partition").GetInt32())).Order());
        foreach (var partition in listed)
        {
            Assert.False(string.IsNullOrEmpty(partition.GetProperty("owner").GetString()), $"{partition} should name its owner");
            var high = partition.GetProperty("highWatermark").GetInt64();
            var lag = partition.GetProperty("lag").GetInt64();
            Assert.InRange(high, 0, long.MaxValue);
            Assert.InRange(lag, 0, high);
            if (partition.GetProperty("committedOffset").ValueKind == JsonValueKind.Number)
            {
                var committed = partition.GetProperty("committedOffset").GetInt64();
                Assert.InRange(committed, 0, high);
                Assert.Equal(high - committed, lag);
            }
        }

        // The order's partition: its event counted as written, committed and no longer lagging.
        var orders = listed.Single(p => IsPartition(p, Topics.Orders, written.Partition.Value));
        Assert.True(orders.GetProperty("highWatermark").GetInt64() > written.Offset.Value);
        Assert.Equal(orders.GetProperty("highWatermark").GetInt64() - orders.GetProperty("committedOffset").GetInt64(), orders.GetProperty("lag").GetInt64());
    }

    private static bool IsPartition(JsonElement status, string topic, int partition) =>
        status.GetProperty("topic").GetString() == topic && status.GetProperty("partition").GetInt32() == partition;

    [Fact]
    public void Dev_mode_announces_its_embedded_broker()
    {
        Assert.Contains($"Embedded Kafka broker at {_silo.BootstrapServers}", _silo.Output);
    }

    [Fact]
    public async Task The_dashboard_is_served_under_dashboard()
    {
        using var response = await _silo.Http.GetAsync("/dashboard");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<html", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task An_unknown_route_is_not_found()
    {
        using var response = await _silo.Http.GetAsync("/v1/nothing-here");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private async Task AssertBadIdAsync(string id)
    {
        using var response = await _silo.Http.GetAsync($"/v1/orders/{id}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("id", out var errors), $"The problem should name 'id': {problem}");
        Assert.NotEmpty(errors.EnumerateArray());
    }
}
