using System.Globalization;
using ActorViews.Grains;
using ActorViews.Integration.Tests.Http;
using ActorViews.Integration.Tests.Support;

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

        foreach (var (partition, next) in expected)
        {
            Assert.True(Partition(samples, "actorviews_kafka_events_consumed_total", partition)?.Value >= next, $"events consumed on orders-{partition} should count its {next} messages");
            Assert.True(Partition(samples, "actorviews_kafka_partition_high_watermark", partition)?.Value >= next, $"the high watermark of orders-{partition} should be at least {next}");
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

    private static PrometheusSample? Partition(IEnumerable<PrometheusSample> samples, string name, int partition) =>
        samples.SingleOrDefault(s => s.Name == name
            && s.Labels.GetValueOrDefault("messaging_destination_name") == "orders"
            && s.Labels.GetValueOrDefault("messaging_destination_partition_id") == partition.ToString(CultureInfo.InvariantCulture));
}
