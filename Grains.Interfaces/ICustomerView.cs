using ActorViews.Streaming.Kafka;
using Orleans.Concurrency;

namespace ActorViews.Grains;

/// <summary>
/// One customer, keyed by customer ID in decimal: the profile from the <c>customers</c> topic, the
/// customer's recent orders and totals from <c>customer-orders</c> (the order router re-keys <c>orders</c> by
/// customer: a foreign-key join through the log, see <see cref="ICustomerOrders"/>), and the fraud check's
/// spending sessions.
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

    /// <summary>How many long-polls are waiting now.</summary>
    [ReadOnly, AlwaysInterleave]
    Task<int> GetWaiterCountAsync();
}
