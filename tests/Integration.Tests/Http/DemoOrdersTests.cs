using System.Net;
using System.Text.Json;
using ActorViews.Tests.Shared;

namespace ActorViews.Integration.Tests.Http;

public sealed class DemoOrdersTests
{
    [Fact]
    public async Task The_demo_places_orders_that_the_services_validate_and_the_demo_then_ships()
    {
        using var silo = await SiloProcess.StartAsync("--Demo:Enabled=true", "--Demo:Orders=3", "--Demo:OrdersPerSecond=20");
        string[] ids = ["1", "2", "3"];

        foreach (var id in ids)
        {
            // Settled means the validations aggregator decided: the demo only ever publishes CREATED and SHIPPED.
            using var settled = await GetSettledAsync(silo, id);
            var view = settled.RootElement;
            var state = view.GetProperty("order").GetProperty("state").GetString();
            var validations = view.GetProperty("validations").EnumerateArray().ToList();
            Assert.True(
                state is "VALIDATED" or "SHIPPED" or "FAILED",
                $"demo order {id} should have been validated or failed by the services: {view}");
            var results = validations.Select(v => v.GetProperty("validationResult").GetString()).ToList();
            Assert.True(
                state == "FAILED" ? results.Contains("FAIL") : results is ["PASS", "PASS", "PASS"],
                $"demo order {id} is {state}, which its validations must explain: {view}");
        }

        // The demo ships the validated ones; its stock (published and read back first) covers every order.
        foreach (var id in ids)
        {
            await silo.WaitUntilAsync(
                async () => await StateAsync(silo, id) == "SHIPPED",
                TimeSpan.FromSeconds(60),
                $"demo order {id} should be shipped by the demo after the services validated it");
        }

        // The demo places exactly Demo:Orders orders: no ID after the last one.
        using var fourth = await silo.Http.GetAsync("/v1/orders/4");
        Assert.Equal(HttpStatusCode.NotFound, fourth.StatusCode);
    }

    private static async Task<JsonDocument> GetSettledAsync(SiloProcess silo, string id)
    {
        JsonDocument? settled = null;
        await silo.WaitUntilAsync(
            async () =>
            {
                using var response = await silo.Http.GetAsync($"/v1/orders/{id}/validated?timeout=20000");
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    return false;
                }

                settled = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                return true;
            },
            TimeSpan.FromSeconds(90),
            $"demo order {id} should be placed and settled by the services");
        return settled!;
    }

    private static async Task<string?> StateAsync(SiloProcess silo, string id)
    {
        using var response = await silo.Http.GetAsync($"/v1/orders/{id}");
        return response.StatusCode == HttpStatusCode.OK
            ? JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("order").GetProperty("state").GetString()
            : null;
    }
}
