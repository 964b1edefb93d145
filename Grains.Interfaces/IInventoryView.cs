using ActorViews.Streaming.Kafka;
using Orleans.Concurrency;

namespace ActorViews.Grains;

/// <summary>
/// One product's inventory, keyed by its wire name (<see cref="ProductNames"/>): stock fed by the
/// <c>warehouse-inventory</c> topic (latest wins), reservations made by the inventory check (<see cref="IInventoryRequests"/>), kept as counts.
/// </summary>
public interface IInventoryView : IKafkaView<Inventory>
{
    /// <summary>The inventory as the view shows it now, or null when the warehouse never reported the product.</summary>
    [ReadOnly]
    Task<InventorySnapshot?> GetAsync();

    /// <summary>Waits until the product's stock is known and the view applied <paramref name="after"/>.</summary>
    /// <param name="after">A position of <see cref="ViewWaits.InventoryViewTopics"/> to have applied, or null.</param>
    /// <param name="timeout">How long to wait; at most <see cref="ViewWaits.MaxTimeout"/>.</param>
    [AlwaysInterleave]
    Task<ViewWaitResult<InventorySnapshot>> WaitAsync(KafkaPosition? after, TimeSpan timeout);

    /// <summary>
    /// Gives back the units of an order that passed the inventory check and then failed. Asked by the order's
    /// aggregator; a repeated release of one of the newest 1,000 released orders gives nothing back.
    /// </summary>
    /// <param name="orderId">The failed order.</param>
    /// <param name="quantity">The units it reserved.</param>
    Task ReleaseAsync(string orderId, int quantity);

    /// <summary>How many long-polls are waiting now.</summary>
    [ReadOnly, AlwaysInterleave]
    Task<int> GetWaiterCountAsync();
}
