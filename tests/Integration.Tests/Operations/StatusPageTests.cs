using System.Net.Http.Json;
using System.Text.Json;
using ActorViews.Grains;
using ActorViews.Integration.Tests.Support;
using ActorViews.Tests.Shared;

namespace ActorViews.Integration.Tests.Operations;

[Collection(OperationsCollection.Name)]
public sealed class StatusPageTests(BrokerSilo fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly SiloProcess _silo = fixture.Silo;

    [Fact]
    public async Task The_status_page_shows_each_views_lag_as_GET_v1_views_reports_it()
    {
        var order = new Order($"lagged-{Guid.NewGuid():N}", 1, OrderState.Created, Product.Stockings, 1, 1m);
        await OrderProducer.ProduceAsync(fixture.Broker.BootstrapServers, "orders", order);

        // Once order-view has applied everything, its lag is 0 on the page as on /v1/views and in /v1/status/cluster.
        await _silo.WaitUntilAsync(
            async () =>
            {
                var views = (await _silo.Http.GetFromJsonAsync<JsonElement>("/v1/status/cluster")).GetProperty("views").EnumerateArray();
                return views.Any(v => v.GetProperty("name").GetString() == "order-view" && v.GetProperty("lag").GetInt64() == 0);
            },
            Timeout,
            "/v1/status/cluster should list order-view with lag 0 once the order was applied");
        var listed = (await _silo.Http.GetFromJsonAsync<JsonElement>("/v1/views")).GetProperty("views").EnumerateArray()
            .Select(v => v.GetProperty("name").GetString()!).ToList();

        var page = await HeadlessChromium.DumpDomAsync(new Uri(_silo.Http.BaseAddress!, "/status"));

        // The page reads its own status a moment later; the lag shown is whatever it is then.
        Assert.Matches("<td>order-view</td><td class=\"num\">1</td><td class=\"good\">live</td><td class=\"num( warn)?\">[0-9]+</td>", page);
        Assert.All(listed, name => Assert.Contains($"<td>{name}</td><td class=\"num\">1</td>", page, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_status_page_renders_every_partition_with_its_owner_the_silos_and_the_last_dead_letters()
    {
        var badKey = $"bad-{Guid.NewGuid():N}";
        await RawProducer.ProduceAsync(fixture.Broker.BootstrapServers, "orders", badKey, "{ this is not json");

        JsonElement status = default;
        await _silo.WaitUntilAsync(
            async () =>
            {
                status = await _silo.Http.GetFromJsonAsync<JsonElement>("/v1/status/cluster");
                return status.GetProperty("partitions").EnumerateArray().Count(p => p.GetProperty("topic").GetString() == "orders" && p.GetProperty("owner").ValueKind == JsonValueKind.String) == BrokerSilo.Partitions
                    && status.GetProperty("deadLetters").EnumerateArray().Any(d => d.GetProperty("key").GetString() == badKey);
            },
            Timeout,
            $"/v1/status/cluster should show all {BrokerSilo.Partitions} partitions of orders owned and the dead letter keyed {badKey}");

        var silo = status.GetProperty("answeredBy").GetString()!;
        var letter = status.GetProperty("deadLetters").EnumerateArray().First(d => d.GetProperty("key").GetString() == badKey);
        Assert.Equal("orders", letter.GetProperty("sourceTopic").GetString());
        Assert.False(string.IsNullOrWhiteSpace(letter.GetProperty("reason").GetString()), "the dead letter should carry its reason");

        var page = await HeadlessChromium.DumpDomAsync(new Uri(_silo.Http.BaseAddress!, "/status"));

        for (var partition = 0; partition < BrokerSilo.Partitions; partition++)
        {
            Assert.Contains($"<td>orders-{partition}</td><td>{silo}</td>", page, StringComparison.Ordinal);
        }

        Assert.Contains($"<td>{silo}</td>", page, StringComparison.Ordinal);
        Assert.Contains(">Active</td>", page, StringComparison.Ordinal);
        Assert.Contains($"<td>{badKey}</td>", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_cluster_status_reports_throughput_once_events_flow()
    {
        var order = new Order($"throughput-{Guid.NewGuid():N}", 1, OrderState.Created, Product.Stockings, 1, 1m);
        var partition = (await OrderProducer.ProduceAsync(fixture.Broker.BootstrapServers, "orders", order)).Partition.Value;

        // The sampler needs the commit of this event between two of its samples, five seconds apart.
        await _silo.WaitUntilAsync(
            async () =>
            {
                var status = await _silo.Http.GetFromJsonAsync<JsonElement>("/v1/status/cluster");
                var row = status.GetProperty("partitions").EnumerateArray()
                    .Single(p => p.GetProperty("topic").GetString() == "orders" && p.GetProperty("partition").GetInt32() == partition);
                return row.GetProperty("eventsPerSecond") is { ValueKind: JsonValueKind.Number } rate && rate.GetDouble() > 0;
            },
            Timeout,
            $"orders-{partition} should show a delivery rate above 0 after an event was written to it");
    }

    // The Orleans dashboard knows grains and silos, not Kafka: it cannot show partitions, so their owners and
    // offsets are asserted on /status above, and this test asserts the silo itself on the dashboard's views.
    [Fact]
    public async Task The_Orleans_dashboard_shows_the_one_active_silo_by_its_address()
    {
        var silo = (await _silo.Http.GetFromJsonAsync<JsonElement>("/v1/status/cluster")).GetProperty("answeredBy").GetString()!;

        var overview = await HeadlessChromium.DumpDomAsync(new Uri(_silo.Http.BaseAddress!, "/dashboard"));
        var silos = await HeadlessChromium.DumpDomAsync(new Uri(_silo.Http.BaseAddress!, "/dashboard/#/silos"));

        // Rendered by the dashboard's script from the cluster's data, not in the served HTML.
        Assert.Contains("Total Activations", overview, StringComparison.Ordinal);
        Assert.Contains("Active Silos</span><span class=\"info-box-number\">1</span>", overview, StringComparison.Ordinal);
        Assert.Contains("Active Silos</span><span class=\"info-box-number\">1</span>", silos, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"#/host/{silo}\">{silo}</a></td><td><span class=\"label label-success\">Active</span>", silos, StringComparison.Ordinal);
    }
}
