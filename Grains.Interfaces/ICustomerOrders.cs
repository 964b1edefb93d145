using ActorViews.Streaming.Kafka;

namespace ActorViews.Grains;

/// <summary>
/// A customer's side of the orders flow: the <c>customer-orders</c> the order router writes for it, applied in
/// batches by the same grain as <see cref="ICustomerView"/> (same key, the customer ID). An event is applied once:
/// one whose <c>orders</c> position is at or before the highest the customer applied from that partition is
/// skipped. For a CREATED order the fraud check's verdict (FAIL when the customer's spending in the session,
/// closed by 1 h of event-time inactivity, reaches 2000) goes to <c>order-validations</c> before the batch's one
/// state write.
/// </summary>
public interface ICustomerOrders : IKafkaView<CustomerOrder>;
