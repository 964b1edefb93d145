using ActorViews.Streaming.Kafka;
using Orleans.Concurrency;

namespace ActorViews.Grains;

/// <summary>
/// The view of one order, keyed by order ID: fed by the provider with the <c>orders</c> topic's events of that
/// key, and grain-to-grain with the order's validations and payment. It is also the validations aggregator:
/// three PASS verdicts republish the order as VALIDATED, any FAIL as FAILED, once.
/// </summary>
public interface IOrderView : IKafkaView<Order>
{
    /// <summary>The order as the view shows it now.</summary>
    /// <returns>The snapshot, or null when no event of this order arrived yet.</returns>
    [ReadOnly]
    Task<OrderSnapshot?> GetAsync();

    /// <summary>
    /// Waits until the order meets <paramref name="until"/> and the view applied <paramref name="after"/>;
    /// woken by the view as it applies events, not by polling.
    /// </summary>
    /// <param name="until">What to wait for.</param>
    /// <param name="after">A position of <see cref="ViewWaits.OrderViewTopics"/> to have applied, or null.</param>
    /// <param name="timeout">How long to wait; at most <see cref="ViewWaits.MaxTimeout"/>.</param>
    [AlwaysInterleave]
    Task<ViewWaitResult<OrderSnapshot>> WaitAsync(OrderWaitCondition until, KafkaPosition? after, TimeSpan timeout);

    /// <summary>Applies validations of this order read from <c>order-validations</c>; redeliveries are skipped.</summary>
    Task ApplyValidationsAsync(KafkaEventBatch<OrderValidation> batch);

    /// <summary>
    /// Applies a payment of this order read at <paramref name="position"/> of the log <paramref name="logId"/>;
    /// redeliveries, and payments read before one already applied from the same partition, are skipped.
    /// </summary>
    Task ApplyPaymentAsync(KafkaPosition position, string logId, Payment payment);

    /// <summary>How many long-polls are waiting now.</summary>
    [ReadOnly, AlwaysInterleave]
    Task<int> GetWaiterCountAsync();
}
