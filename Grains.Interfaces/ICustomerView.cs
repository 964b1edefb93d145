using ActorViews.Streaming.Kafka;
using Orleans.Concurrency;

namespace ActorViews.Grains;

/// <summary>
/// One customer, keyed by customer ID in decimal: the profile from the <c>customers</c> topic, the
/// customer's recent orders and totals routed here grain-to-grain (a foreign-key join without a repartition
/// topic), and the fraud check's spending sessions.
/// </summary>
public interface ICustomerView : IKafkaView<Customer>
{
    /// <summary>The customer as the view shows it now, or null when neither profile nor order arrived.</summary>
    [ReadOnly]
    Task<CustomerSnapshot?> GetAsync();

    /// <summary>Waits until the customer has a profile or an order and the view applied <paramref name="after"/>.</summary>
    /// <param name="after">A position of <see cref="ViewWaits.CustomerViewTopics"/> to have applied, or null.</param>
    /// <param name="timeout">How long to wait; at most <see cref="ViewWaits.MaxTimeout"/>.</param>
    [AlwaysInterleave]
    Task<ViewWaitResult<CustomerSnapshot>> WaitAsync(KafkaPosition? after, TimeSpan timeout);

    /// <summary>
    /// Records an order event of this customer read at <paramref name="position"/> with its event time. For a
    /// CREATED order, returns the fraud check's verdict: FAIL when the customer's spending in the session
    /// (closed by 1 h of event-time inactivity) reaches 2000. Idempotent per order ID until
    /// <see cref="ConfirmRecordedAsync"/>: a redelivered event changes nothing and returns the first verdict.
    /// </summary>
    /// <param name="order">The order event.</param>
    /// <param name="position">Where the event was read.</param>
    /// <param name="logId">The identity of the log the position belongs to (<see cref="KafkaEventBatch{TEvent}.LogId"/>).</param>
    /// <param name="timestamp">The event's time: the Kafka message timestamp.</param>
    /// <returns>The fraud verdict for a CREATED order, else null.</returns>
    Task<OrderValidationResult?> ApplyOrderAsync(Order order, KafkaPosition position, string logId, DateTimeOffset timestamp);

    /// <summary>Tells the customer that the router recorded the order's events, so it never routes them again.</summary>
    /// <param name="orderId">The order routed.</param>
    [OneWay]
    Task ConfirmRecordedAsync(string orderId);

    /// <summary>How many long-polls are waiting now.</summary>
    [ReadOnly, AlwaysInterleave]
    Task<int> GetWaiterCountAsync();
}
