using ActorViews.Grains;
using ActorViews.Streaming.Kafka;

namespace ActorViews.Integration.Tests.Views;

public sealed class FraudWindowSkewTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void An_order_stamped_years_ahead_counts_at_the_allowed_skew_and_the_real_sessions_stay()
    {
        var state = new CustomerState();
        state.ApplyOrder(Created("future", 1), At(1), FraudSessions.EventTime(Now.AddYears(10), Now));

        state.ApplyOrder(Created("a", 1500m), At(2), FraudSessions.EventTime(Now, Now));
        var verdict = state.ApplyOrder(Created("b", 1500m), At(3), FraudSessions.EventTime(Now.AddMinutes(1), Now)).Verdict;

        // Without the bound, the future session is the window's newest and every real one falls out of retention.
        Assert.Equal(OrderValidationResult.Fail, verdict);
        Assert.Equal(3001m, state.Sessions.LatestTotal);
    }

    [Fact]
    public void Event_times_in_the_past_or_within_the_skew_are_kept_as_they_are()
    {
        Assert.Equal(Now.AddDays(-30), FraudSessions.EventTime(Now.AddDays(-30), Now));
        Assert.Equal(Now + FraudSessions.MaxClockSkew, FraudSessions.EventTime(Now + FraudSessions.MaxClockSkew, Now));
        Assert.Equal(Now + FraudSessions.MaxClockSkew, FraudSessions.EventTime(Now.AddHours(2), Now));
    }

    private static KafkaPosition At(long offset) => new(Topics.Orders, 0, offset);

    private static Order Created(string id, decimal price) => new(id, 9, OrderState.Created, Product.Jumpers, 1, price);
}
