using ActorViews.Streaming.Kafka.Delivery;

namespace ActorViews.Streaming.Kafka.Tests.Delivery;

public sealed class BackoffTests
{
    [Fact]
    public void Delays_double_from_the_first_up_to_the_cap()
    {
        var backoff = new Backoff(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1));

        var delays = Enumerable.Range(0, 5).Select(_ => backoff.Next().TotalMilliseconds);

        Assert.Equal([200d, 400d, 800d, 1000d, 1000d], delays);
    }

    [Fact]
    public void A_delivery_backoff_stops_growing_at_five_seconds()
    {
        var backoff = Backoff.ForDelivery(TimeSpan.FromSeconds(1));

        Assert.Equal([1d, 2d, 4d, 5d, 5d], Enumerable.Range(0, 5).Select(_ => backoff.Next().TotalSeconds));
    }
}
