using ActorViews.Streaming.Kafka;

namespace ActorViews.Grains.Tests;

public sealed class CustomerStateTests
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Spending_that_reaches_2000_in_a_session_fails_the_fraud_check()
    {
        var state = new CustomerState();

        Assert.Equal(OrderValidationResult.Pass, state.ApplyOrder(Created("a", 10, 100m), At(0), T0).Verdict);
        Assert.Equal(OrderValidationResult.Pass, state.ApplyOrder(Created("b", 1, 999.99m), At(1), T0.AddMinutes(30)).Verdict);
        Assert.Equal(OrderValidationResult.Fail, state.ApplyOrder(Created("c", 1, 0.01m), At(2), T0.AddMinutes(80)).Verdict);
        Assert.Equal(2000m, state.Sessions.LatestTotal);
    }

    [Fact]
    public void An_hour_of_inactivity_in_event_time_starts_a_new_session()
    {
        var state = new CustomerState();
        state.ApplyOrder(Created("a", 1, 1500m), At(0), T0);

        var verdict = state.ApplyOrder(Created("b", 1, 1500m), At(1), T0.AddHours(1).AddSeconds(1)).Verdict;

        Assert.Equal(OrderValidationResult.Pass, verdict);
        Assert.Equal(2, state.Sessions.Sessions.Count);
    }

    [Fact]
    public void A_late_event_that_bridges_two_sessions_merges_them()
    {
        var sessions = new FraudSessions();
        sessions.Add(T0, 500m);
        sessions.Add(T0.AddMinutes(100), 700m);

        // Event time 50 min is within an hour of both: the customer was never inactive for an hour.
        var total = sessions.Add(T0.AddMinutes(50), 100m);

        Assert.Equal(1300m, total);
        var merged = Assert.Single(sessions.Sessions);
        Assert.Equal((T0, T0.AddMinutes(100)), (merged.Start, merged.End));
    }

    [Fact]
    public void An_event_written_again_is_not_counted_twice_and_gets_no_second_verdict()
    {
        var state = new CustomerState();
        Assert.Equal(OrderValidationResult.Pass, state.ApplyOrder(Created("a", 1, 1500m), At(7), T0).Verdict);

        // The router wrote the event again after a crash: its verdict was published before the first was stored.
        var (verdict, applied) = state.ApplyOrder(Created("a", 1, 1500m), At(7), T0);

        Assert.False(applied);
        Assert.Null(verdict);
        Assert.Equal(1500m, state.Sessions.LatestTotal);
        Assert.Equal((1, 1500m), (state.OrderCount, state.TotalValue));
    }

    [Fact]
    public void Orders_join_the_profile_and_totals_leave_out_failed_orders()
    {
        var state = new CustomerState();
        state.ApplyProfile("customers", 2, new KafkaEvent<Customer>(0, T0, new Customer(9, "Ada", "L", "a@b", "X")));
        state.ApplyOrder(Created("a", 2, 10m), At(0), T0);
        state.ApplyOrder(Created("b", 1, 5m), At(1), T0);
        state.ApplyOrder(Created("b", 1, 5m) with { State = OrderState.Failed }, At(2), T0);

        // Only later versions replace an order: an older event written again does not undo FAILED.
        Assert.False(state.ApplyOrder(Created("b", 1, 5m), At(1), T0).Applied);

        var snapshot = state.ToSnapshot(9)!;
        Assert.Equal("Ada", snapshot.Profile!.FirstName);
        Assert.Equal(["a", "b"], snapshot.Orders.Select(o => o.Id));
        Assert.Equal(OrderState.Failed, snapshot.Orders[1].State);
        Assert.Equal(2, snapshot.OrderCount);
        Assert.Equal(20m, snapshot.TotalValue);
    }

    [Fact]
    public void Non_created_orders_get_no_fraud_verdict()
    {
        var (verdict, applied) = new CustomerState().ApplyOrder(Created("a", 1, 1m) with { State = OrderState.Validated }, At(0), T0);

        Assert.Null(verdict);
        Assert.True(applied);
    }

    [Fact]
    public void An_order_event_from_a_replaced_log_is_new_although_its_offset_is_lower()
    {
        var state = new CustomerState();
        state.ApplyOrder(Created("a", 1, 1500m), At(7), T0, "log-1");

        // The orders topic was recreated: offsets start again and ID "a" is another order.
        var (verdict, applied) = state.ApplyOrder(Created("a", 2, 1m), At(0), T0.AddDays(3), "log-2");

        Assert.True(applied);
        Assert.Equal(OrderValidationResult.Pass, verdict);
        Assert.Equal(2, state.ToSnapshot(9)!.Orders.Single().Quantity);
        Assert.False(state.ApplyOrder(Created("a", 2, 1m), At(0), T0.AddDays(3), "log-2").Applied);
    }

    [Fact]
    public void An_orders_position_is_applied_once_an_event_of_its_partition_at_or_after_it_was()
    {
        var state = new CustomerState();
        state.ApplyProfile("customers", 1, new KafkaEvent<Customer>(4, T0, new Customer(9, "A", "B", "a@b", "C")));
        state.ApplyOrder(Created("a", 1, 1m), new KafkaPosition("orders", 2, 30), T0);

        Assert.True(state.HasApplied(new KafkaPosition("customers", 1, 4)));
        Assert.True(state.HasApplied(new KafkaPosition("orders", 2, 30)));
        Assert.False(state.HasApplied(new KafkaPosition("orders", 2, 31)));
        Assert.False(state.HasApplied(new KafkaPosition("orders", 3, 0)));
        Assert.False(state.HasApplied(new KafkaPosition("customers", 2, 4)));
    }

    [Fact]
    public void Each_orders_partition_has_its_own_highest_position()
    {
        var state = new CustomerState();
        state.ApplyOrder(Created("a", 1, 1m), new KafkaPosition("orders", 1, 50), T0);

        // Partition 2's events interleave with partition 1's on customer-orders: a lower offset there is new.
        Assert.Equal((OrderValidationResult.Pass, true), state.ApplyOrder(Created("b", 1, 1m), new KafkaPosition("orders", 2, 3), T0));
        Assert.False(state.ApplyOrder(Created("a", 1, 1m), new KafkaPosition("orders", 1, 49), T0).Applied);
        Assert.Equal((2, 2m), (state.OrderCount, state.TotalValue));
    }

    [Fact]
    public void An_old_created_event_written_again_after_a_later_one_adds_nothing()
    {
        var state = new CustomerState();
        state.ApplyOrder(Created("a", 1, 1500m), At(3), T0);
        state.ApplyOrder(Created("a", 1, 1500m) with { State = OrderState.Validated }, At(9), T0);

        Assert.Equal((null, false), state.ApplyOrder(Created("a", 1, 1500m), At(3), T0));
        Assert.Equal(1500m, state.Sessions.LatestTotal);
        Assert.Equal((1, 1500m), (state.OrderCount, state.TotalValue));
    }

    [Fact]
    public void A_failed_event_takes_the_order_out_of_the_total_and_it_stays_counted()
    {
        var state = new CustomerState();
        state.ApplyOrder(Created("a", 1, 15m), At(3), T0);

        state.ApplyOrder(Created("a", 1, 15m) with { State = OrderState.Failed }, At(8), T0);

        var snapshot = state.ToSnapshot(9)!;
        Assert.Equal(["a"], snapshot.Orders.Select(o => o.Id));
        Assert.Equal((1, 0m), (snapshot.OrderCount, snapshot.TotalValue));
    }

    [Fact]
    public void Only_the_newest_orders_are_listed_while_the_totals_count_them_all()
    {
        var state = new CustomerState();
        for (var n = 0; n < CustomerState.RecentOrderLimit + 5; n++)
        {
            // A day apart: each its own session, so none fails.
            state.ApplyOrder(Created($"o-{n:D4}", 1, 10m), At(n), T0.AddDays(n));
        }

        // An order no longer listed still leaves the total when it fails.
        state.ApplyOrder(Created("o-0000", 1, 10m) with { State = OrderState.Failed }, At(500), T0);

        var snapshot = state.ToSnapshot(9)!;
        Assert.Equal(CustomerState.RecentOrderLimit, snapshot.Orders.Count);
        Assert.DoesNotContain(snapshot.Orders, o => o.Id == "o-0001");
        Assert.Contains(snapshot.Orders, o => o.Id == "o-0000" && o.State == OrderState.Failed);
        Assert.Equal((CustomerState.RecentOrderLimit + 5, 10m * (CustomerState.RecentOrderLimit + 4)), (snapshot.OrderCount, snapshot.TotalValue));
    }

    [Fact]
    public void A_record_of_the_version_that_kept_every_order_keeps_its_totals_and_newest_orders()
    {
        var state = new CustomerState();
        for (var n = 0; n < CustomerState.RecentOrderLimit + 20; n++)
        {
            var id = $"o-{n:D4}";
            state.Orders[id] = Created(id, 1, 10m) with { State = n == 0 ? OrderState.Failed : OrderState.Validated };
            state.OrderOffsets[id] = n;
            state.OrderLogs[id] = "log-1";
        }

        Assert.True(state.UpgradeFromPerOrderMaps());
        Assert.False(state.UpgradeFromPerOrderMaps());

        var snapshot = state.ToSnapshot(9)!;
        Assert.Equal((CustomerState.RecentOrderLimit + 20, 10m * (CustomerState.RecentOrderLimit + 19)), (snapshot.OrderCount, snapshot.TotalValue));
        Assert.Equal(CustomerState.RecentOrderLimit, snapshot.Orders.Count);
        Assert.DoesNotContain(snapshot.Orders, o => o.Id == "o-0019");
        Assert.Contains(snapshot.Orders, o => o.Id == "o-0020");
        Assert.Empty(state.Orders);
        Assert.Empty(state.OrderOffsets);
        Assert.Empty(state.OrderLogs);
    }

    private static KafkaPosition At(long offset) => new("orders", 0, offset);

    private static Order Created(string id, int quantity, decimal price) => new(id, 9, OrderState.Created, Product.Jumpers, quantity, price);
}
