using ActorViews.Streaming.Kafka;

namespace ActorViews.Grains.Tests;

public sealed class InventoryStateTests
{
    private static readonly DateTimeOffset Now = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static long _nextOffset;

    [Fact]
    public void An_order_the_stock_covers_passes_and_is_reserved_until_stock_runs_out()
    {
        var state = WithStock(5);

        Assert.Equal(OrderValidationResult.Pass, Reserve(state, "a", 3).Result);
        Assert.Equal(OrderValidationResult.Pass, Reserve(state, "b", 2).Result);
        var third = Reserve(state, "c", 1);

        Assert.Equal(OrderValidationResult.Fail, third.Result);
        Assert.Contains("0 of JUMPERS available", third.Reason);
        var snapshot = state.ToSnapshot(Product.Jumpers)!;
        Assert.Equal((5L, 5L, 0L, 2), (snapshot.Stock, snapshot.Reserved, snapshot.Available, snapshot.Reservations));
    }

    [Fact]
    public void A_product_the_warehouse_never_reported_fails_with_a_reason()
    {
        var decision = new InventoryState().Apply(Product.Stockings, Request("a", 1, At(0))).Decision!;

        Assert.Equal(OrderValidationResult.Fail, decision.Result);
        Assert.Contains("no stock of STOCKINGS", decision.Reason);
    }

    [Fact]
    public void A_request_written_again_reserves_nothing_more_and_gets_no_second_verdict()
    {
        var state = WithStock(5);
        var (first, firstApplied) = state.Apply(Product.Jumpers, Request("a", 4, At(7)));

        // The router wrote the request again after a crash: its verdict was published before the first was stored.
        var (again, againApplied) = state.Apply(Product.Jumpers, Request("a", 4, At(7)));

        Assert.Equal((OrderValidationResult.Pass, true), (first!.Result, firstApplied));
        Assert.Equal((null, false), (again, againApplied));
        Assert.Equal((4L, 1), (state.Reserved, state.ReservationCount));
    }

    [Fact]
    public void Releasing_a_failed_order_gives_its_stock_back_once()
    {
        var state = WithStock(5);
        Reserve(state, "a", 5);

        // The aggregator releases again only after a crash before storing its decision.
        Assert.True(state.Release("a", 5));
        Assert.False(state.Release("a", 5));
        Assert.Equal((0L, 0), (state.Reserved, state.ReservationCount));
        Assert.Equal(OrderValidationResult.Pass, Reserve(state, "b", 5).Result);
    }

    [Fact]
    public void Each_orders_partition_has_its_own_highest_position_and_a_replaced_log_starts_again()
    {
        var state = WithStock(10);
        Assert.True(state.Apply(Product.Jumpers, Request("a", 1, new KafkaPosition("orders", 1, 50), "log-1")).Applied);

        // Partition 2's requests interleave with partition 1's: a lower offset there is new.
        Assert.True(state.Apply(Product.Jumpers, Request("b", 1, new KafkaPosition("orders", 2, 3), "log-1")).Applied);
        Assert.False(state.Apply(Product.Jumpers, Request("a", 1, new KafkaPosition("orders", 1, 50), "log-1")).Applied);

        // The orders topic was recreated: its offsets start again.
        Assert.True(state.Apply(Product.Jumpers, Request("c", 1, new KafkaPosition("orders", 1, 0), "log-2")).Applied);
        Assert.Equal((3L, 3), (state.Reserved, state.ReservationCount));
    }

    [Fact]
    public void Only_the_newest_releases_are_remembered()
    {
        var state = WithStock(InventoryState.RememberedReleases + 1);
        for (var n = 0; n <= InventoryState.RememberedReleases; n++)
        {
            Reserve(state, $"o-{n}", 1);
            Assert.True(state.Release($"o-{n}", 1));
        }

        Assert.Equal(InventoryState.RememberedReleases, state.Released.Count);
        Assert.DoesNotContain("o-0", state.Released);
        Assert.False(state.Release($"o-{InventoryState.RememberedReleases}", 1));
        Assert.Equal((0L, 0), (state.Reserved, state.ReservationCount));
    }

    [Fact]
    public void A_record_of_the_version_that_kept_every_order_becomes_counts()
    {
        var state = WithStock(10);
        state.Reservations = new() { ["a"] = 3, ["b"] = 4 };
        state.Decisions = new() { ["a"] = new(OrderValidationResult.Pass, null), ["b"] = new(OrderValidationResult.Pass, null), ["c"] = new(OrderValidationResult.Fail, "none left") };
        state.RecentFailures = new(["c"]);

        Assert.True(state.UpgradeFromPerOrderMaps());
        Assert.False(state.UpgradeFromPerOrderMaps());

        var snapshot = state.ToSnapshot(Product.Jumpers)!;
        Assert.Equal((7L, 3L, 2), (snapshot.Reserved, snapshot.Available, snapshot.Reservations));
        Assert.Empty(state.Reservations);
        Assert.Empty(state.Decisions);
        Assert.Empty(state.RecentFailures);

        // An order reserved by the old version still gives its units back when it fails.
        Assert.True(state.Release("a", 3));
        Assert.Equal(4, state.Reserved);
    }

    [Fact]
    public void The_latest_stock_wins_and_a_redelivered_report_is_skipped()
    {
        var state = new InventoryState();
        Assert.True(state.ApplyStock("warehouse-inventory", 1, Stock(3, 10)));
        Assert.True(state.ApplyStock("warehouse-inventory", 1, Stock(4, 7)));

        Assert.False(state.ApplyStock("warehouse-inventory", 1, Stock(3, 10)));

        Assert.Equal(7, state.Stock);
        Assert.True(state.HasApplied(new KafkaPosition("warehouse-inventory", 1, 4)));
        Assert.False(state.HasApplied(new KafkaPosition("warehouse-inventory", 1, 5)));
        Assert.False(state.HasApplied(new KafkaPosition("warehouse-inventory", 0, 0)));
    }

    private static InventoryState WithStock(long quantity)
    {
        var state = new InventoryState();
        state.ApplyStock("warehouse-inventory", 0, Stock(0, quantity));
        return state;
    }

    [Fact]
    public void An_orders_position_is_applied_once_a_request_of_its_partition_at_or_after_it_was()
    {
        var state = new InventoryState();
        state.ApplyStock("warehouse-inventory", 0, new KafkaEvent<Inventory>(3, DateTimeOffset.UnixEpoch, new Inventory(Product.Jumpers, 5)));
        Assert.False(state.HasApplied(new KafkaPosition("orders", 1, 12)));

        state.Apply(Product.Jumpers, Request("a", 1, new KafkaPosition("orders", 1, 12)));

        // A FAILED order's request reserves nothing and records its position.
        Assert.Equal((null, true), state.Apply(Product.Jumpers, Request("a", 1, new KafkaPosition("orders", 1, 20)) with { Reserve = false }));
        Assert.Equal(1, state.Reserved);

        Assert.True(state.HasApplied(new KafkaPosition("orders", 1, 20)));
        Assert.False(state.HasApplied(new KafkaPosition("orders", 1, 21)));
        Assert.True(state.HasApplied(new KafkaPosition("warehouse-inventory", 0, 3)));
    }

    // Each call a new position of orders/0, as the router writes them.
    private static InventoryDecision Reserve(InventoryState state, string orderId, int quantity) =>
        state.Apply(Product.Jumpers, Request(orderId, quantity, At(Interlocked.Increment(ref _nextOffset)))).Decision!;

    private static InventoryRequest Request(string orderId, int quantity, KafkaPosition source, string logId = "log-1") =>
        new(orderId, Product.Jumpers, quantity, Reserve: true, source, logId);

    private static KafkaPosition At(long offset) => new("orders", 0, offset);

    private static KafkaEvent<Inventory> Stock(long offset, long quantity) => new(offset, Now, new Inventory(Product.Jumpers, quantity));
}
