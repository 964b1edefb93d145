using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using ActorViews.Streaming.Kafka;
using ActorViews.Grains;
using ActorViews.Integration.Tests.Support;
using ActorViews.Tests.Shared;

namespace ActorViews.Integration.Tests.Operations;

[Collection(OperationsCollection.Name)]
public sealed class MetricsTests(BrokerSilo fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly SiloProcess _silo = fixture.Silo;

    [Fact]
    public async Task The_scrape_is_valid_Prometheus_text_with_every_partition_labelled_by_topic_and_partition()
    {
        var written = new List<(int Partition, long Offset)>();
        for (var i = 0; i < 24; i++)
        {
            var order = new Order($"metrics-{Guid.NewGuid():N}", i, OrderState.Created, Product.Jumpers, 1, 1m);
            var at = await OrderProducer.ProduceAsync(fixture.Broker.BootstrapServers, "orders", order);
            written.Add((at.Partition.Value, at.Offset.Value));
        }

        var expected = written.GroupBy(w => w.Partition).ToDictionary(g => g.Key, g => g.Max(w => w.Offset) + 1);
        IReadOnlyList<PrometheusSample> samples = [];
        await _silo.WaitUntilAsync(
            async () =>
            {
                samples = PrometheusText.Parse(await _silo.Http.GetStringAsync("/metrics"));
                return expected.All(e => Partition(samples, "actorviews_kafka_partition_committed_offset", e.Key)?.Value >= e.Value);
            },
            Timeout,
            $"/metrics should show committed offsets of at least {string.Join(", ", expected.Select(e => $"orders-{e.Key}: {e.Value}"))}");

        for (var partition = 0; partition < BrokerSilo.Partitions; partition++)
        {
            foreach (var gauge in new[] { "actorviews_kafka_partition_committed_offset", "actorviews_kafka_partition_high_watermark", "actorviews_kafka_partition_lag", "actorviews_kafka_partition_lag_seconds", "actorviews_kafka_partition_owned" })
            {
                Assert.True(Partition(samples, gauge, partition) is not null, $"{gauge} should have a series for orders-{partition}");
            }
        }

        // Each view's own lag, per partition: order-view has applied everything written to its partitions.
        await _silo.WaitUntilAsync(
            async () =>
            {
                var scraped = await ScrapeAsync();
                return expected.Keys.All(partition => ViewLag(scraped, "order-view", partition) == 0);
            },
            Timeout,
            $"actorviews_kafka_view_lag of order-view at 0 on {string.Join(", ", expected.Keys.Select(p => $"orders-{p}"))}");

        // A view registered with the topic from the start never reads history with a reader of its own.
        foreach (var partition in expected.Keys)
        {
            Assert.Equal(0, ViewSeries(samples, "actorviews_kafka_view_building", "order-view", partition));
        }

        foreach (var (partition, next) in expected)
        {
            Assert.True(Partition(samples, "actorviews_kafka_events_consumed_total", partition)?.Value >= next, $"events consumed on orders-{partition} should count its {next} messages");
            Assert.True(Partition(samples, "actorviews_kafka_partition_high_watermark", partition)?.Value >= next, $"the high watermark of orders-{partition} should be at least {next}");
        }

        var silo = (await _silo.Http.GetFromJsonAsync<JsonElement>("/v1/status/cluster")).GetProperty("answeredBy").GetString();
        for (var partition = 0; partition < BrokerSilo.Partitions; partition++)
        {
            Assert.Equal(silo, Partition(samples, "actorviews_kafka_partition_owned", partition)?.Labels.GetValueOrDefault("actorviews_silo"));
        }

        // View activations per grain type come from Orleans' own meter.
        Assert.Contains(samples, s => s.Name == "orleans_grains" && s.Labels.GetValueOrDefault("grain_type") == "orderview" && s.Value >= 1);
        Assert.Contains(samples, s => s.Name == "actorviews_view_apply_duration_seconds_count" && s.Labels.GetValueOrDefault("actorviews_view") == "IOrderView" && s.Value >= 1);
        Assert.Contains(samples, s => s.Name == "actorviews_gateway_waiters" && s.Value == 0);
        // The fixture waited on /v1/status, so that request has completed and been measured.
        Assert.Contains(samples, s => s.Name == "http_server_request_duration_seconds_count" && s.Labels.GetValueOrDefault("http_route") == "/v1/status");
        Assert.Contains(samples, s => s.Name.StartsWith("orleans_", StringComparison.Ordinal));
        Assert.Contains(samples, s => s.Name.StartsWith("dotnet_gc_", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Counters_match_what_was_produced_and_lag_is_zero_once_caught_up()
    {
        const string topic = "warehouse-inventory";
        const string product = "JUMPERS";
        const int good = 5;
        var partition = KafkaPartitioner.PartitionFor(product, BrokerSilo.Partitions);

        var before = await ScrapeWhenCaughtUpAsync(topic, partition);

        // Not an Inventory: read, dead-lettered, never applied.
        var bad = await RawProducer.ProduceAsync(fixture.Broker.BootstrapServers, topic, product, "{ not json");
        Assert.Equal(partition, bad.Partition.Value);
        long end = 0;
        for (var i = 0; i < good; i++)
        {
            var at = await RawProducer.ProduceAsync(fixture.Broker.BootstrapServers, topic, product, $"{{\"product\":\"{product}\",\"quantity\":{i}}}");
            Assert.Equal(partition, at.Partition.Value);
            end = at.Offset.Value + 1;
        }

        var after = await ScrapeWhenCaughtUpAsync(topic, partition, end);

        long Delta(string name) => (long)(Value(after, name, topic, partition) - Value(before, name, topic, partition));
        Assert.Equal(good + 1, Delta("actorviews_kafka_events_consumed_total"));
        Assert.Equal(good + 1, Delta("actorviews_kafka_events_delivered_total"));
        Assert.Equal(good, Delta("actorviews_kafka_events_applied_total"));
        Assert.Equal(1, Delta("actorviews_kafka_events_dead_lettered_total"));
        Assert.Equal(0, Delta("actorviews_kafka_delivery_failures_total"));
        Assert.Equal(good, (long)(ViewValue(after, "actorviews_view_events_applied_total") - ViewValue(before, "actorviews_view_events_applied_total")));
        Assert.True(
            ViewValue(after, "actorviews_view_apply_duration_seconds_count", "success") > ViewValue(before, "actorviews_view_apply_duration_seconds_count", "success"),
            "the calls of IInventoryView should be timed with actorviews_outcome=success");
    }

    [Fact]
    public async Task A_long_poll_is_counted_as_a_waiter_while_it_waits()
    {
        var order = $"never-written-{Guid.NewGuid():N}";
        var poll = _silo.Http.GetAsync($"/v1/orders/{order}/validated?timeout=5000");

        await _silo.WaitUntilAsync(
            async () => (await ScrapeAsync()).Any(s => s.Name == "actorviews_gateway_waiters" && s.Value >= 1),
            Timeout,
            $"actorviews_gateway_waiters at least 1 while GET /v1/orders/{order}/validated waits");

        using var answer = await poll;
        await _silo.WaitUntilAsync(
            async () => (await ScrapeAsync()).Any(s => s.Name == "actorviews_gateway_waiters" && s.Value == 0),
            Timeout,
            "actorviews_gateway_waiters back to 0 once the long poll answered");
    }

    private async Task<IReadOnlyList<PrometheusSample>> ScrapeAsync() => PrometheusText.Parse(await _silo.Http.GetStringAsync("/metrics"));

    // Waits until the partition has delivered everything written to it (up to at least end), and returns that scrape.
    private async Task<IReadOnlyList<PrometheusSample>> ScrapeWhenCaughtUpAsync(string topic, int partition, long end = 0)
    {
        IReadOnlyList<PrometheusSample> samples = [];
        await _silo.WaitUntilAsync(
            async () =>
            {
                samples = await ScrapeAsync();
                var committed = Value(samples, "actorviews_kafka_partition_committed_offset", topic, partition);
                return committed >= end
                    && committed == Value(samples, "actorviews_kafka_partition_high_watermark", topic, partition)
                    && Value(samples, "actorviews_kafka_partition_lag", topic, partition) == 0
                    && Value(samples, "actorviews_kafka_partition_lag_seconds", topic, partition) == 0;
            },
            Timeout,
            $"{topic}-{partition} caught up (committed offset at least {end} and equal to the high watermark, lag 0 in messages and seconds)");
        return samples;
    }

    // A counter not yet incremented has no series: it reads 0.
    private static double Value(IEnumerable<PrometheusSample> samples, string name, string topic, int partition) =>
        Partition(samples, name, partition, topic)?.Value ?? 0;

    private static double ViewValue(IEnumerable<PrometheusSample> samples, string name, string? outcome = null) =>
        samples.Where(s => s.Name == name
            && s.Labels.GetValueOrDefault("actorviews_view") == "IInventoryView"
            && (outcome is null || s.Labels.GetValueOrDefault("actorviews_outcome") == outcome)).Sum(s => s.Value);

    private static double? ViewLag(IEnumerable<PrometheusSample> samples, string view, int partition) =>
        ViewSeries(samples, "actorviews_kafka_view_lag", view, partition);

    private static double? ViewSeries(IEnumerable<PrometheusSample> samples, string name, string view, int partition) =>
        samples.SingleOrDefault(s => s.Name == name
            && s.Labels.GetValueOrDefault("actorviews_view") == view
            && s.Labels.GetValueOrDefault("messaging_destination_name") == "orders"
            && s.Labels.GetValueOrDefault("messaging_destination_partition_id") == partition.ToString(CultureInfo.InvariantCulture))?.Value;

    private static PrometheusSample? Partition(IEnumerable<PrometheusSample> samples, string name, int partition, string topic = "orders") =>
        samples.SingleOrDefault(s => s.Name == name
            && s.Labels.GetValueOrDefault("messaging_destination_name") == topic
            && s.Labels.GetValueOrDefault("messaging_destination_partition_id") == partition.ToString(CultureInfo.InvariantCulture));
}
