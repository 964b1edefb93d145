using ActorViews.Streaming.Kafka;
using Orleans.Concurrency;

namespace ActorViews.Grains;

/// <summary>
/// One product's inventory, keyed by its wire name (<see cref="ProductNames"/>): stock fed by the
/// <c>warehouse-inventory</c> topic (latest wins), reservations made by the inventory check, kept as counts.
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
    /// The inventory check of a CREATED order: PASS and reserve when stock − reserved − quantity ≥ 0, else
    /// FAIL. Idempotent per order ID until <see cref="ConfirmRecordedAsync"/>: asking again returns the first
    /// verdict and reserves nothing more.
    /// </summary>
    /// <param name="orderId">The order checked.</param>
    /// <param name="quantity">How many it orders.</param>
    /// <param name="position">Where the order event was read, for read-your-writes on <c>orders</c> positions.</param>
    /// <param name="logId">The identity of the log the position belongs to.</param>
    Task<InventoryDecision> ReserveAsync(string orderId, int quantity, KafkaPosition position, string logId);

    /// <summary>
    /// Tells the product that the router recorded the order it checked, so it never asks again: the product
    /// forgets the verdict, keeping only counts.
    /// </summary>
    /// <param name="orderId">The order checked.</param>
    [OneWay]
    Task ConfirmRecordedAsync(string orderId);

    /// <summary>
    /// Gives back the units of an order that passed the inventory check and then failed. Asked by the order's
    /// aggregator; a repeated release of one of the newest 1,000 released orders gives nothing back.
    /// </summary>
    /// <param name="orderId">The failed order.</param>
    /// <param name="quantity">The units it reserved.</param>
    Task ReleaseAsync(string orderId, int quantity);

    /// <summary>Records that the order event at <paramref name="position"/> concerned this product, for read-your-writes.</summary>
    /// <param name="position">Where the event was read.</param>
    /// <param name="logId">The identity of the log the position belongs to.</param>
    Task RecordOrderEventAsync(KafkaPosition position, string logId);

    /// <summary>How many long-polls are waiting now.</summary>
    [ReadOnly, AlwaysInterleave]
    Task<int> GetWaiterCountAsync();
}
