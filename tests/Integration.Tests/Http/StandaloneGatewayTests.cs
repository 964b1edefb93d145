using System.Net;
using System.Net.Http.Json;
using ActorViews.Client;
using ActorViews.Grains;
using ActorViews.Integration.Tests.Durability;
using ActorViews.Integration.Tests.Ecosystem;
using GatewayCalls = ActorViews.Integration.Tests.Ecosystem.Gateway;
using ActorViews.Tests.Shared;

namespace ActorViews.Integration.Tests.Http;

/// <summary>
/// Clients apart from the silo process: <c>actorviews gateway</c>, the HTTP gateway in a process of its own,
/// and the typed client's writes.
/// </summary>
public sealed class StandaloneGatewayTests(EcosystemSilo fixture) : IClassFixture<EcosystemSilo>
{
    private const string WriterKey = "gateway-tests-writer-key";

    [Fact]
    public async Task A_gateway_apart_from_the_silo_writes_reads_views_and_keeps_working_after_a_restart()
    {
        var silo = fixture.Silo;
        var address = new Uri($"http://127.0.0.1:{FreeTcpPort.Next()}");
        string[] settings =
        [
            $"--Kafka:BootstrapServers={silo.BootstrapServers}",
            $"--Orleans:Gateway=127.0.0.1:{fixture.GatewayPort}",
            $"--Gateway:Auth:ApiKeys:tests:Key={WriterKey}",
            "--Gateway:Auth:ApiKeys:tests:Roles=writer",
        ];
        var customer = Random.Shared.NextInt64(1_000_000, long.MaxValue);

        using (var first = await GatewayProcess.StartAsync(address, settings, WriterKey))
        {
            // Status is the silo's own: its broker, and partitions owned by the silo, learnt through grains.
            var status = await new GatewayCalls(first.Http).GetAsync("/v1/status");
            Assert.Equal(silo.BootstrapServers, status.GetProperty("bootstrapServers").GetString());
            var partitions = status.GetProperty("partitions").EnumerateArray().ToList();
            Assert.Contains(partitions, p => p.GetProperty("topic").GetString() == "orders");
            Assert.All(partitions, p => Assert.False(string.IsNullOrEmpty(p.GetProperty("owner").GetString()), $"every partition should have an owner: {p}"));

            // The gateway's own security applies: no key, no write.
            using (var anonymous = new HttpClient { BaseAddress = address })
            using (var refused = await anonymous.PutAsJsonAsync("/v1/inventory/JUMPERS", new { quantity = 1 }))
            {
                Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            }

            await OrderThroughAsync(first, customer, expectedOrders: 1);
            first.Kill();
        }

        // Nothing was kept: a new process on the same address serves at once.
        using var second = await GatewayProcess.StartAsync(address, settings, WriterKey);
        await OrderThroughAsync(second, customer, expectedOrders: 2);
    }

    [Fact]
    public async Task A_gateway_without_bootstrap_servers_fails_at_start_up_naming_the_option()
    {
        var run = await CliRun.RunAsync("gateway", "--Gateway:Auth:Mode=Off");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("'Kafka:BootstrapServers' is required", run.Errors);
    }

    [Fact]
    public async Task The_typed_client_writes_events_and_waits_until_the_views_applied_them()
    {
        await using var client = await ActorViewsClient.ConnectAsync(new ActorViewsClientOptions
        {
            Gateway = $"127.0.0.1:{fixture.GatewayPort}",
            BootstrapServers = fixture.Silo.BootstrapServers,
        });
        var customer = Random.Shared.NextInt64(1_000_000, long.MaxValue);

        var stocked = await client.WriteInventoryAsync(new Inventory(Product.Underpants, 777_777));
        var inventory = await client.WaitForInventoryAsync(Product.Underpants, stocked, TimeSpan.FromSeconds(30));
        Assert.Equal(777_777, inventory?.Stock);

        var profile = await client.WriteCustomerAsync(new Customer(customer, "Typed", "Client", "typed@example.com", "2 Log Street"));
        var view = await client.WaitForCustomerAsync(customer, profile, TimeSpan.FromSeconds(30));
        Assert.Equal("Typed", view?.Profile?.FirstName);

        var order = new Order($"typed-{Guid.NewGuid():N}", customer, OrderState.Created, Product.Underpants, 1, 3m);
        var placed = await client.WriteOrderAsync(order);
        Assert.NotNull(await client.WaitForOrderAsync(order.Id, placed, TimeSpan.FromSeconds(30)));
        Assert.Equal(OrderState.Validated, (await client.WaitForValidatedAsync(order.Id, TimeSpan.FromSeconds(30)))?.Order.State);

        // The fixture's client was made without a broker: it reads, and says why it cannot write.
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => fixture.Client.WriteOrderAsync(order));
        Assert.Contains("BootstrapServers", refused.Message);
    }

    /// <summary>
    /// Stocks a product and writes the customer's profile, orders the product, waits until the order is
    /// VALIDATED, and reads the inventory and customer views through the gateway.
    /// </summary>
    private static async Task OrderThroughAsync(GatewayProcess process, long customer, int expectedOrders)
    {
        var gateway = new GatewayCalls(process.Http);
        var stock = await gateway.PutStockAsync("STOCKINGS", 1_000_000);
        var profile = await gateway.PostCustomerAsync(customer, $"Gate{expectedOrders}");
        var order = $"standalone-{Guid.NewGuid():N}";
        await gateway.PostOrderAsync(order, customer, "STOCKINGS", 1, 2.5m);

        Assert.True(
            await gateway.SettledStateAsync(order) == "VALIDATED",
            $"order {order} placed through the gateway should come back VALIDATED. Gateway output:\n{process.Output}");
        var inventory = await gateway.GetAsync("/v1/inventory/STOCKINGS", stock);
        Assert.Equal(1_000_000, inventory.GetProperty("stock").GetInt64());
        var view = await gateway.GetAsync($"/v1/customers/{customer}", profile);
        Assert.Equal($"Gate{expectedOrders}", view.GetProperty("profile").GetProperty("firstName").GetString());

        // The customer view joins orders as they arrive; the order's validation did not wait for it.
        await Deadline.Until(
            async () => (await gateway.GetAsync($"/v1/customers/{customer}")).GetProperty("orders").EnumerateArray()
                .Count(o => o.GetProperty("id").GetString()!.StartsWith("standalone-", StringComparison.Ordinal)) == expectedOrders,
            TimeSpan.FromSeconds(30),
            $"the view of customer {customer} should show the {expectedOrders} orders placed through gateways, the last {order}");
    }
}
