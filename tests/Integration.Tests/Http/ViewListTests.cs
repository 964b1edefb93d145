using System.Net.Http.Json;
using System.Text.Json;
using ActorViews.Grains;
using ActorViews.Integration.Tests.Durability;
using ActorViews.Integration.Tests.Support;
using ActorViews.Tests.Shared;

namespace ActorViews.Integration.Tests.Http;

/// <summary><c>GET /v1/views</c>: every view of the cluster's topics, by name, with how far behind its log it is.</summary>
public sealed class ViewListTests(DevSilo fixture) : IClassFixture<DevSilo>
{
    private static readonly TimeSpan ViewTimeout = TimeSpan.FromSeconds(60);
    private readonly SiloProcess _silo = fixture.Silo;

    [Fact]
    public async Task Every_view_is_listed_live_by_name_and_a_caught_up_view_has_no_lag()
    {
        var order = new Order($"order-{Guid.NewGuid():N}", 3, OrderState.Created, Product.Jumpers, 2, 9m);
        var written = await OrderProducer.ProduceAsync(_silo.BootstrapServers, Topics.Orders, order);
        (await _silo.GetWhenPresentAsync($"/v1/orders/{order.Id}", ViewTimeout, $"the order written at {written} in its view")).Dispose();

        // Each view's position is committed on the commit tick after its delivery.
        JsonElement listed = default;
        await Deadline.Until(
            async () =>
            {
                listed = await _silo.Http.GetFromJsonAsync<JsonElement>("/v1/views");
                return listed.GetProperty("views").EnumerateArray().Any(v => v.GetProperty("name").GetString() == "order-view" && v.GetProperty("lag").GetInt64() == 0);
            },
            ViewTimeout,
            () => $"order-view listed with no lag once {written} was applied; /v1/views was {listed}");

        var views = listed.GetProperty("views").EnumerateArray().ToList();
        Assert.Equal(
            ["customer-orders", "customer-view", "inventory-requests", "inventory-view", "order-router", "order-validations-feed", "order-view", "payment-feed"],
            views.Select(v => v.GetProperty("name").GetString()!).Order(StringComparer.Ordinal));
        foreach (var view in views)
        {
            Assert.Equal(1, view.GetProperty("version").GetInt32());
            Assert.Equal("live", view.GetProperty("status").GetString());
            Assert.InRange(view.GetProperty("lag").GetInt64(), 0, long.MaxValue);
            Assert.Equal(JsonValueKind.Null, view.GetProperty("progress").ValueKind);
            Assert.Equal(JsonValueKind.Null, view.GetProperty("eventsPerSecond").ValueKind);

            // The embedded broker keeps every log from offset 0: nothing to warn about.
            Assert.False(view.GetProperty("truncatedHead").GetBoolean(), $"{view} should not report a truncated log");
            Assert.Equal(0, view.GetProperty("warnings").GetArrayLength());
        }
    }

    [Fact]
    public async Task The_command_line_prints_the_views_as_a_table()
    {
        var run = await CliRun.RunAsync("views", "list", "--url", _silo.BaseAddress.ToString());

        Assert.True(run.ExitCode == 0, $"views list should succeed: {run.Errors}");
        var lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["NAME", "VERSION", "STATUS", "LAG", "HISTORY", "PROGRESS", "EVENTS/S"], lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        var orderView = Assert.Single(lines, line => line.StartsWith("order-view ", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["order-view", "1", "live"], orderView[..3]);
        Assert.True(long.TryParse(orderView[3], out _), $"the lag column should be a number: {lines[0]}");
        Assert.Equal(["whole", "-", "-"], orderView[4..]);

        // The header and one line per view of the ecosystem (the views the test above lists), and no warning.
        Assert.Equal(9, lines.Length);
    }

    [Fact]
    public async Task The_command_line_says_when_the_address_does_not_answer()
    {
        var run = await CliRun.RunAsync("views", "list", "--url", "http://127.0.0.1:9");

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("views list: http://127.0.0.1:9/ did not answer", run.Errors, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Output);
    }
}
