using ActorViews.Grains;
using ActorViews.Silo.Demo;

namespace ActorViews.Integration.Tests.Demo;

public sealed class DemoOrderSequenceTests
{
    [Fact]
    public void Every_order_is_a_new_created_order_under_a_fresh_id_starting_at_1()
    {
        var sequence = new DemoOrderSequence(seed: 7);

        var orders = Enumerable.Range(0, 500).Select(_ => sequence.Next()).ToList();

        // Predictable IDs (the README reads order 1), none reused: a reused ID would never settle again.
        Assert.Equal(Enumerable.Range(1, 500).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)), orders.Select(o => o.Id));
        Assert.All(orders, o => Assert.Equal(OrderState.Created, o.State));
        Assert.All(orders, o => Assert.Equal(OrderValidationResult.Pass, OrderDetailsRules.Check(o)));
        Assert.All(orders, o => Assert.InRange(o.CustomerId, DemoOrderSequence.FirstCustomer, DemoOrderSequence.LastCustomer));
        Assert.Equal(500, sequence.Placed);
    }

    [Fact]
    public void The_same_seed_gives_the_same_orders()
    {
        var first = new DemoOrderSequence(seed: 3);
        var second = new DemoOrderSequence(seed: 3);

        for (var i = 0; i < 50; i++)
        {
            Assert.Equal(first.Next(), second.Next());
        }
    }
}
