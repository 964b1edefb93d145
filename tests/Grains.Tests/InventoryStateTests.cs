using ActorViews.Streaming.Kafka;

namespace ActorViews.Grains.Tests;

public sealed class InventoryStateTests
{
    private static readonly DateTimeOffset Now = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void An_order_the_stock_covers_passes_and_is_reserved_until_stock_runs_out()
    {
        var state = WithStock(5);

        Assert.Equal(OrderValidationResult.Pass, state.Reserve(Product.Jumpers, "a", 3, Now).Decision.Result);
        Assert.Equal(OrderValidationResult.Pass, state.Reserve(Product.Jumpers, "b", 2, Now).Decision.Result);
        var third = state.Reserve(Product.Jumpers, "c", 1, Now).Decision;

        Assert.Equal(OrderValidationResult.Fail, third.Result);
        Assert.Contains("0 of JUMPERS available", third.Reason);
        var snapshot = state.ToSnapshot(Product.Jumpers)!;
        Assert.Equal((5L, 5L, 0L, 2), (snapshot.Stock, snapshot.Reserved, snapshot.Available, snapshot.Reservations));
    }

    [Fact]
    public void A_product_the_warehouse_never_reported_fails_with_a_reason()
    {
        var decision = new InventoryState().Reserve(Product.Stockings, "a", 1, Now).Decision;

        Assert.Equal(OrderValidationResult.Fail, decision.Result);
        Assert.Contains("no stock of STOCKINGS", decision.Reason);
    }

    [Fact]
    public void Checking_an_order_again_gives_the_first_verdict_and_reserves_nothing_more()
    {
        var state = WithStock(5);
        var (first, firstChanged) = state.Reserve(Product.Jumpers, "a", 4, Now);

        // The router redelivers the CREATED event after a crash: same order, same answer, no double reservation.
        var (again, againChanged) = state.Reserve(Product.Jumpers, "a", 4, Now);

        Assert.True(firstChanged);
        Assert.False(againChanged);
        Assert.Equal(first, again);
        Assert.Equal(4, state.Reserved);
    }

    [Fact]
    public void Releasing_a_failed_order_gives_its_stock_back_once()
    {
        var state = WithStock(5);
        state.Reserve(Product.Jumpers, "a", 5, Now);

        // The aggregator releases again only after a crash before storing its decision.
        Assert.True(state.Release("a", 5));
        Assert.False(state.Release("a", 5));
        Assert.Equal((0L, 0), (state.Reserved, state.ReservationCount));
        Assert.Equal(OrderValidationResult.Pass, state.Reserve(Product.Jumpers, "b", 5, Now).Decision.Result);
    }

    [Fact]
    public void A_confirmed_verdict_is_forgotten_and_the_reservation_stays_counted()
    {
        var state = WithStock(5);
        state.Reserve(Product.Jumpers, "a", 2, Now);

        Assert.True(state.Confirm("a"));
        Assert.False(state.Confirm("a"));

        Assert.Empty(state.Unconfirmed);
        Assert.Equal((2L, 1), (state.Reserved, state.ReservationCount));
    }

    [Fact]
    public void A_verdict_never_confirmed_is_dropped_once_it_outlives_its_lifetime()
    {
        var state = WithStock(5);
        state.Reserve(Product.Jumpers, "crashed-router", 1, Now);

        state.Reserve(Product.Jumpers, "later", 1, Now + InventoryState.UnconfirmedVerdictLifetime + TimeSpan.FromSeconds(1));

        Assert.Equal(["later"], state.Unconfirmed.Keys);
        Assert.Equal(2, state.Reserved);
    }

    [Fact]
    public void Only_the_newest_releases_are_remembered()
    {
        var state = WithStock(InventoryState.RememberedReleases + 1);
        for (var n = 0; n <= InventoryState.RememberedReleases; n++)
        {
            state.Reserve(Product.Jumpers, $"o-{n}", 1, Now);
            state.Confirm($"o-{n}");
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
    public void An_orders_position_is_applied_once_the_inventory_check_handled_an_order_at_or_after_it()
    {
        var state = new InventoryState();
        state.ApplyStock("warehouse-inventory", 0, new KafkaEvent<Inventory>(3, DateTimeOffset.UnixEpoch, new Inventory(Product.Jumpers, 5)));
        Assert.False(state.HasApplied(new KafkaPosition("orders", 1, 12)));

        state.Reserve(Product.Jumpers, "a", 1, Now);
        Assert.True(state.MarkRouted(new KafkaPosition("orders", 1, 12)));
        Assert.False(state.MarkRouted(new KafkaPosition("orders", 1, 12)));

        Assert.True(state.HasApplied(new KafkaPosition("orders", 1, 12)));
        Assert.False(state.HasApplied(new KafkaPosition("orders", 1, 13)));
        Assert.True(state.HasApplied(new KafkaPosition("warehouse-inventory", 0, 3)));
    }

    private static KafkaEvent<Inventory> Stock(long offset, long quantity) => new(offset, Now, new Inventory(Product.Jumpers, quantity));
}
