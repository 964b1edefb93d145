using ActorViews.Grains;
using ActorViews.Silo.Demo;

namespace ActorViews.Integration.Tests.Demo;

public sealed class DemoOrderSequenceTests
{
    [Fact]
    public void Each_order_walks_created_validated_shipped_then_starts_over()
    {
        var sequence = new DemoOrderSequence(orders: 5, seed: 7);
        var last = new Dictionary<string, Order>();

        for (var i = 0; i < 500; i++)
        {
            var order = sequence.Next();
            var expected = last.TryGetValue(order.Id, out var previous)
                ? previous.State switch
                {
                    OrderState.Created => OrderState.Validated,
                    OrderState.Validated => OrderState.Shipped,
                    _ => OrderState.Created,
                }
                : OrderState.Created;
            Assert.Equal(expected, order.State);
            if (order.State != OrderState.Created)
            {
                // Only the state moves; the order itself stays what was created.
                Assert.Equal(previous! with { State = order.State }, order);
            }

            last[order.Id] = order;
        }

        Assert.Equal(["1", "2", "3", "4", "5"], last.Keys.Order());
        Assert.All(last.Values, o => Assert.InRange(o.Quantity, 1, 10));
    }

    [Fact]
    public void The_same_seed_gives_the_same_orders()
    {
        var first = new DemoOrderSequence(orders: 10, seed: 3);
        var second = new DemoOrderSequence(orders: 10, seed: 3);

        for (var i = 0; i < 50; i++)
        {
            Assert.Equal(first.Next(), second.Next());
        }
    }
}
