using ActorViews.Streaming.Kafka;

namespace ActorViews.Grains.Tests;

public sealed class InventoryStateTests
{
    private static readonly DateTimeOffset Now = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void An_order_the_stock_covers_passes_and_is_reserved_until_stock_runs_out()
    {
        var state = WithStock(5);

        Assert.Equal(OrderValidationResult.Pass, state.Reserve(Product.Jumpers, "a", 3).Decision.Result);
        Assert.Equal(OrderValidationResult.Pass, state.Reserve(Product.Jumpers, "b", 2).Decision.Result);
        var third = state.Reserve(Product.Jumpers, "c", 1).Decision;

        Assert.Equal(OrderValidationResult.Fail, third.Result);
        Assert.Contains("0 of JUMPERS available", third.Reason);
        var snapshot = state.ToSnapshot(Product.Jumpers)!;
        Assert.Equal((5L, 5L, 0L, 2), (snapshot.Stock, snapshot.Reserved, snapshot.Available, snapshot.Reservations));
    }

    [Fact]
    public void A_product_the_warehouse_never_reported_fails_with_a_reason()
    {
        var decision = new InventoryState().Reserve(Product.Stockings, "a", 1).Decision;

        Assert.Equal(OrderValidationResult.Fail, decision.Result);
        Assert.Contains("no stock of STOCKINGS", decision.Reason);
    }

    [Fact]
    public void Checking_an_order_again_gives_the_first_verdict_and_reserves_nothing_more()
    {
        var state = WithStock(5);
        var (first, firstChanged) = state.Reserve(Product.Jumpers, "a", 4);

        // The router redelivers the CREATED event after a crash: same order, same answer, no double reservation.
        var (again, againChanged) = state.Reserve(Product.Jumpers, "a", 4);

        Assert.True(firstChanged);
        Assert.False(againChanged);
        Assert.Equal(first, again);
        Assert.Equal(4, state.Reserved);
    }

    [Fact]
    public void Releasing_a_failed_order_gives_its_stock_back_once()
    {
        var state = WithStock(5);
        state.Reserve(Product.Jumpers, "a", 5);

        Assert.True(state.Release("a"));
        Assert.False(state.Release("a"));
        Assert.Equal(0, state.Reserved);
        Assert.Equal(OrderValidationResult.Pass, state.Reserve(Product.Jumpers, "b", 5).Decision.Result);
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

        state.Reserve(Product.Jumpers, "a", 1);
        Assert.True(state.MarkRouted(new KafkaPosition("orders", 1, 12)));
        Assert.False(state.MarkRouted(new KafkaPosition("orders", 1, 12)));

        Assert.True(state.HasApplied(new KafkaPosition("orders", 1, 12)));
        Assert.False(state.HasApplied(new KafkaPosition("orders", 1, 13)));
        Assert.True(state.HasApplied(new KafkaPosition("warehouse-inventory", 0, 3)));
    }

    [Fact]
    public void Verdicts_are_kept_while_reserved_forgotten_on_release_and_failures_are_bounded()
    {
        var state = WithStock(1);
        state.Reserve(Product.Jumpers, "kept", 1);
        for (var n = 0; n <= InventoryState.RememberedFailures; n++)
        {
            Assert.Equal(OrderValidationResult.Fail, state.Reserve(Product.Jumpers, $"failed-{n}", 1).Decision.Result);
        }

        // The oldest failure is forgotten; the reserved order's verdict and the newer failures are not.
        Assert.Equal(InventoryState.RememberedFailures + 1, state.Decisions.Count);
        Assert.DoesNotContain("failed-0", state.Decisions.Keys);
        Assert.False(state.Reserve(Product.Jumpers, "kept", 1).Changed);
        Assert.False(state.Reserve(Product.Jumpers, $"failed-{InventoryState.RememberedFailures}", 1).Changed);

        Assert.True(state.Release("kept"));
        Assert.DoesNotContain("kept", state.Decisions.Keys);
        Assert.Equal(0, state.Reserved);
    }

    private static KafkaEvent<Inventory> Stock(long offset, long quantity) => new(offset, Now, new Inventory(Product.Jumpers, quantity));
}
