using System.Diagnostics;
using ActorViews.Streaming.Kafka.Status;

namespace ActorViews.Streaming.Kafka.Tests.Providers;

/// <summary><c>GET /v1/views</c> from the broker's offsets: which views build, how far they are, how fast they go.</summary>
public sealed class ViewStatusFoldTests
{
    private readonly Dictionary<string, (long Applied, long At, double? Rate)> _samples = new(StringComparer.Ordinal);

    [Fact]
    public void A_view_behind_the_partitions_offset_or_new_beside_positioned_views_is_building_with_its_share_of_the_logs_applied()
    {
        var fold = new ViewStatusFold(_samples);

        // Partition 0: the live view at 100 of 100, the new view at 40 of it (log from 0).
        fold.Add("order-view", 100, Partition(0, committed: 100, high: 100), low: 0, othersHavePositions: true, ViewStart.Beginning);
        fold.Add("audit-view", 40, Partition(0, committed: 100, high: 100), low: 0, othersHavePositions: true, ViewStart.Beginning);

        // Partition 1: the new view has not started there yet (no position), its log holds 20..120.
        fold.Add("order-view", 120, Partition(1, committed: 120, high: 120), low: 20, othersHavePositions: true, ViewStart.Beginning);
        fold.Add("audit-view", null, Partition(1, committed: 120, high: 120), low: 20, othersHavePositions: true, ViewStart.Beginning);

        var views = fold.Result(Stopwatch.GetTimestamp());

        var audit = Assert.Single(views, v => v.Name == "audit-view");
        Assert.Equal("building", audit.Status);
        Assert.Equal(60 + 100, audit.Lag);
        Assert.Equal(40.0 / 200, audit.Progress);
        Assert.Null(audit.EventsPerSecond);
        Assert.Equal(
            [new KafkaViewPartitionStatus("orders", 0, "building", 40, 60, 0.4), new KafkaViewPartitionStatus("orders", 1, "building", null, 100, 0)],
            audit.Partitions!);
        var order = Assert.Single(views, v => v.Name == "order-view");
        Assert.Equal(("live", 0L, (double?)null), (order.Status, order.Lag, order.Progress));
        Assert.All(order.Partitions!, p => Assert.Equal(("live", 0L, (double?)null), (p.Status, p.Lag, p.Progress)));
    }

    [Fact]
    public void A_building_views_rate_is_what_it_applied_between_two_answers_and_a_view_that_starts_at_the_end_is_live()
    {
        var start = Stopwatch.GetTimestamp();
        var first = new ViewStatusFold(_samples);
        first.Add("audit-view", 10, Partition(0, committed: 100, high: 100), low: 0, othersHavePositions: true, ViewStart.Beginning);
        first.Add("tail-view", null, Partition(0, committed: 100, high: 100), low: 0, othersHavePositions: true, ViewStart.End);
        Assert.Equal("live", Assert.Single(first.Result(start), v => v.Name == "tail-view").Status);

        var second = new ViewStatusFold(_samples);
        second.Add("audit-view", 70, Partition(0, committed: 100, high: 100), low: 0, othersHavePositions: true, ViewStart.Beginning);
        var audit = Assert.Single(second.Result(start + (2 * Stopwatch.Frequency)));

        Assert.Equal(30, audit.EventsPerSecond!.Value, precision: 6);
        Assert.Equal(0.7, audit.Progress!.Value, precision: 6);
    }

    private static KafkaPartitionStatus Partition(int partition, long committed, long high) =>
        new("orders", partition, null, committed, high, high - committed);
}
