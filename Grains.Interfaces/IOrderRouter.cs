using ActorViews.Streaming.Kafka;

namespace ActorViews.Grains;

/// <summary>
/// The order router, a partition view of <c>orders</c> (one grain per partition, keyed
/// <see cref="KafkaPartitionKey.Of"/>, e.g. <c>orders/3</c>): re-keys each order event through the log without
/// calling other grains. For a batch, in offset order, it publishes the order details check's verdict,
/// a request keyed by product to <c>inventory-requests</c> and the event keyed by customer to
/// <c>customer-orders</c>, each carrying its <c>orders</c> position; it waits for every acknowledgement at the
/// end of the batch, then stores its offsets in one write.
/// </summary>
public interface IOrderRouter : IKafkaView<Order>;
