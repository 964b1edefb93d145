using ActorViews.Streaming.Kafka;

namespace ActorViews.Grains;

/// <summary>
/// Routes each order event, keyed by order ID, to the grains of its product (inventory check, reservation
/// release on FAILED) and its customer (fraud check, customer view), and publishes their verdicts to
/// <c>order-validations</c>.
/// </summary>
public interface IOrderRouter : IKafkaView<Order>;
