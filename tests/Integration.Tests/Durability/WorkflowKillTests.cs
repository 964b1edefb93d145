using System.Globalization;
using System.Text.Json;
using ActorViews.Tests.Shared;
using Confluent.Kafka;
using Xunit.Abstractions;

namespace ActorViews.Integration.Tests.Durability;

/// <summary>
/// The orders workflow on three silos on PostgreSQL, one killed with SIGKILL while orders flow. The kill leaves
/// requests, verdicts and orders applied but not committed, which the partitions' next owners read again: each
/// product must still reserve an order's units once, and release them once when the order fails.
/// </summary>
[Collection(DurabilityCollection.Name)]
public sealed class WorkflowKillTests(PostgresFixture postgres, ITestOutputHelper output)
{
    private const int Orders = 3000;
    private const long Stock = 1_000_000;
    private static readonly string[] Products = ["JUMPERS", "UNDERPANTS", "STOCKINGS"];
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(180);

    [Fact]
    public async Task Reservations_equal_the_fold_of_the_settled_orders_after_a_silo_is_killed_mid_workflow()
    {
        using var cluster = await DurableCluster.CreateAsync(postgres, silos: 3);
        await cluster.StartAsync(0);
        await cluster.StartAsync(1, 2);
        var gateway = new Ecosystem.Gateway(cluster[0].Http);
        foreach (var product in Products)
        {
            await gateway.PutStockAsync(product, Stock);
            await cluster[0].GetWhenPresentAsync($"/v1/inventory/{product}", Timeout, $"the stock of {product} to reach its view");
        }

        // Every fifth order has a negative price: the order details check fails it while the inventory check
        // reserves its units, so the aggregator must release them. Each order has its own customer and a small
        // amount, so no fraud verdict fails any.
        var orders = Enumerable.Range(0, Orders).Select(i => new PlannedOrder(
            $"kill-{i.ToString(CultureInfo.InvariantCulture)}",
            900_000 + i,
            Products[i % Products.Length],
            Quantity: 1 + (i % 4),
            Price: i % 5 == 0 ? -1m : 3m)).ToList();
        using var producer = new ProducerBuilder<string, string>(new ProducerConfig
        {
            BootstrapServers = cluster.BootstrapServers,
            Partitioner = Partitioner.Murmur2Random,
        }).Build();

        // All at once; once some of the first have settled, the kill cuts through the workflow busy with the rest:
        // requests, verdicts and orders the killed silo applied but had not committed are read again by the
        // partitions' next owners.
        await ProduceAsync(producer, orders);
        var states = new Dictionary<string, string>();
        var sample = orders.Take(Orders / 10).ToList();
        await cluster[0].WaitUntilAsync(
            async () => await SettleAsync(cluster[0], sample, states) >= sample.Count / 2,
            Timeout,
            $"half of the first {sample.Count} orders to settle before the kill");
        var (victim, watcher, _, _) = await cluster.WaitForOrdersOwnerAsync(silos: 3, Timeout);
        cluster.Kill(victim);
        output.WriteLine($"Killed silo {victim} with {states.Count} of {Orders} orders settled.");

        // Read without failing on an answer while the killed silo's grains move: the wait has the last word.
        await cluster[watcher].WaitUntilAsync(
            async () => await SettleAsync(cluster[watcher], orders, states) == Orders,
            Timeout,
            () => $"every order to settle as VALIDATED or FAILED ({states.Count} of {Orders} did; first pending: {orders.FirstOrDefault(o => !states.ContainsKey(o.Id))?.Id})");
        output.WriteLine($"All {Orders} orders settled.");

        var misjudged = orders.Where(o => states[o.Id] != (o.Price < 0 ? "FAILED" : "VALIDATED")).Select(o => $"{o.Id}: {states[o.Id]}").ToList();
        Assert.True(misjudged.Count == 0, $"{misjudged.Count} orders settled otherwise than the rules say:\n{string.Join('\n', misjudged.Take(20))}");

        // Reserved once per VALIDATED order, released once per FAILED one: nothing else may remain.
        foreach (var product in Products)
        {
            var expected = orders.Where(o => o.Product == product && o.Price >= 0).Sum(o => (long)o.Quantity);
            long reserved = -1;
            await cluster[watcher].WaitUntilAsync(
                async () =>
                {
                    using var response = await cluster[watcher].Http.GetAsync($"/v1/inventory/{product}");
                    Assert.True(
                        response.IsSuccessStatusCode || response.StatusCode == System.Net.HttpStatusCode.ServiceUnavailable,
                        $"GET /v1/inventory/{product} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                    reserved = response.IsSuccessStatusCode
                        ? JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("reserved").GetInt64()
                        : reserved;
                    return reserved == expected;
                },
                Timeout,
                () => $"{product} to hold {expected} units reserved by its VALIDATED orders (last seen {reserved})");
        }
    }

    // Adds to settled each order of orders that has settled since; returns how many of orders have.
    private static async Task<int> SettleAsync(SiloProcess silo, IEnumerable<PlannedOrder> orders, Dictionary<string, string> settled)
    {
        var count = 0;
        foreach (var order in orders)
        {
            if (!settled.ContainsKey(order.Id))
            {
                using var response = await silo.Http.GetAsync($"/v1/orders/{order.Id}");
                var state = response.IsSuccessStatusCode
                    ? JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("order").GetProperty("state").GetString()
                    : null;
                if (state is "VALIDATED" or "FAILED")
                {
                    settled[order.Id] = state;
                }
            }

            count += settled.ContainsKey(order.Id) ? 1 : 0;
        }

        return count;
    }

    private static async Task ProduceAsync(IProducer<string, string> producer, IEnumerable<PlannedOrder> orders)
    {
        foreach (var order in orders)
        {
            await producer.ProduceAsync("orders", new Message<string, string> { Key = order.Id, Value = order.Json() });
        }
    }

    private sealed record PlannedOrder(string Id, long CustomerId, string Product, int Quantity, decimal Price)
    {
        public string Json() => JsonSerializer.Serialize(new
        {
            id = Id,
            customerId = CustomerId,
            state = "CREATED",
            product = Product,
            quantity = Quantity,
            price = Price,
        });
    }
}
