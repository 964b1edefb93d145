using ActorViews.Streaming.Kafka;

namespace ActorViews.Grains;

/// <summary>Hands each order's validations from <c>order-validations</c> to its <see cref="IOrderView"/>.</summary>
public interface IOrderValidationsFeed : IKafkaView<OrderValidation>;
