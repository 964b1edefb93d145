using ActorViews.Streaming.Kafka;

namespace ActorViews.Grains;

/// <summary>
/// The order details check, keyed by order ID: for each CREATED order, publishes FAIL to
/// <c>order-validations</c> when the quantity or price is negative or the product is missing or unknown, else PASS.
/// </summary>
public interface IOrderDetailsCheck : IKafkaView<Order>;
