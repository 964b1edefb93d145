using ActorViews.Grains;
using ActorViews.Streaming.Kafka;

namespace ActorViews.Integration.Tests.Views;

public sealed class CustomerStateTests
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Spending_that_reaches_2000_in_a_session_fails_the_fraud_check()
    {
        var state = new CustomerState();

        Assert.Equal(OrderValidationResult.Pass, state.ApplyOrder(Created("a", 10, 100m), 0, T0).Verdict);
        Assert.Equal(OrderValidationResult.Pass, state.ApplyOrder(Created("b", 1, 999.99m), 0, T0.AddMinutes(30)).Verdict);
        Assert.Equal(OrderValidationResult.Fail, state.ApplyOrder(Created("c", 1, 0.01m), 0, T0.AddMinutes(80)).Verdict);
        Assert.Equal(2000m, state.Sessions.LatestTotal);
    }

    [Fact]
    public void An_hour_of_inactivity_in_event_time_starts_a_new_session()
    {
        var state = new CustomerState();
        state.ApplyOrder(Created("a", 1, 1500m), 0, T0);

        var verdict = state.ApplyOrder(Created("b", 1, 1500m), 0, T0.AddHours(1).AddSeconds(1)).Verdict;

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
    public void A_redelivered_order_is_not_counted_twice_and_gets_its_first_verdict()
    {
        var state = new CustomerState();
        state.ApplyOrder(Created("a", 1, 1500m), 7, T0);

        var (verdict, changed) = state.ApplyOrder(Created("a", 1, 1500m), 7, T0);

        Assert.False(changed);
        Assert.Equal(OrderValidationResult.Pass, verdict);
        Assert.Equal(1500m, state.Sessions.LatestTotal);
    }

    [Fact]
    public void Orders_join_the_profile_and_totals_leave_out_failed_orders()
    {
        var state = new CustomerState();
        state.ApplyProfile("customers", 2, new KafkaEvent<Customer>(0, T0, new Customer(9, "Ada", "L", "a@b", "X")));
        state.ApplyOrder(Created("a", 2, 10m), 0, T0);
        state.ApplyOrder(Created("b", 1, 5m), 0, T0);
        state.ApplyOrder(Created("b", 1, 5m) with { State = OrderState.Failed }, 1, T0);

        // Only later versions replace an order: an older redelivered event does not undo FAILED.
        Assert.False(state.ApplyOrder(Created("b", 1, 5m), 0, T0).Changed);

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
        var (verdict, changed) = new CustomerState().ApplyOrder(Created("a", 1, 1m) with { State = OrderState.Validated }, 0, T0);

        Assert.Null(verdict);
        Assert.True(changed);
    }

    private static Order Created(string id, int quantity, decimal price) => new(id, 9, OrderState.Created, Product.Jumpers, quantity, price);
}
