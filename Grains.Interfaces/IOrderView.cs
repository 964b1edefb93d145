using ActorViews.Streaming.Kafka;
using Orleans.Concurrency;

namespace ActorViews.Grains;

/// <summary>
/// The view of one order, keyed by order ID, fed by the provider with the <c>orders</c> topic's events of
/// that key.
/// </summary>
public interface IOrderView : IKafkaView<Order>
{
    /// <summary>The order as the view shows it now.</summary>
    /// <returns>The snapshot, or null when no event of this order arrived yet.</returns>
    [ReadOnly]
    Task<OrderSnapshot?> GetAsync();
}
