using System.Net;
using System.Text.Json;

namespace ActorViews.Integration.Tests.Http;

public sealed class DemoOrdersTests
{
    [Fact]
    public async Task The_demo_generator_fills_order_views()
    {
        // Few IDs at a brisk rate, so that every one of them soon has events.
        using var silo = await SiloProcess.StartAsync("--Demo:Enabled=true", "--Demo:Orders=3", "--Demo:OrdersPerSecond=20");
        string[] ids = ["1", "2", "3"];

        string? snapshot = null;
        await silo.WaitUntilAsync(
            async () =>
            {
                foreach (var id in ids)
                {
                    using var response = await silo.Http.GetAsync($"/v1/orders/{id}");
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        snapshot = await response.Content.ReadAsStringAsync();
                        return true;
                    }
                }

                return false;
            },
            TimeSpan.FromSeconds(60),
            $"one of the demo orders {string.Join(", ", ids)} should appear");

        using var document = JsonDocument.Parse(snapshot!);
        var order = document.RootElement.GetProperty("order");
        Assert.Contains(order.GetProperty("id").GetString(), ids);
        Assert.Contains(order.GetProperty("state").GetString(), new[] { "CREATED", "VALIDATED", "FAILED", "SHIPPED" });
        Assert.True(document.RootElement.GetProperty("appliedEvents").GetInt64() >= 1);
    }
}
