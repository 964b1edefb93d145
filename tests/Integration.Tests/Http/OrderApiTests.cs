using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ActorViews.Grains;
using ActorViews.Integration.Tests.Support;

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
    public async Task Status_lists_every_partition_of_both_topics()
    {
        var status = await _silo.Http.GetFromJsonAsync<JsonElement>("/v1/status");

        Assert.Equal(_silo.BootstrapServers, status.GetProperty("bootstrapServers").GetString());
        Assert.False(string.IsNullOrEmpty(_silo.BootstrapServers));
        var partitions = status.GetProperty("partitions").EnumerateArray()
            .Select(p => (Topic: p.GetProperty("topic").GetString()!, Partition: p.GetProperty("partition").GetInt32()))
            .ToList();
        Assert.Equal(Enumerable.Range(0, 8).Select(p => ("orders", p)), partitions.Where(p => p.Topic == "orders").OrderBy(p => p.Partition));
        foreach (var partition in status.GetProperty("partitions").EnumerateArray())
        {
            Assert.True(partition.TryGetProperty("owner", out _), "Every partition should report its owner.");
            Assert.True(partition.GetProperty("highWatermark").GetInt64() >= 0);
            Assert.True(partition.GetProperty("lag").GetInt64() >= 0);
        }
    }

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
