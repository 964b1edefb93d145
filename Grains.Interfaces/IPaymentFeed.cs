using ActorViews.Streaming.Kafka;

namespace ActorViews.Grains;

/// <summary>
/// Hands each payment from <c>payments</c> (keyed by payment ID) to the <see cref="IOrderView"/> of the
/// order it pays: a foreign-key join done by routing, without a repartition topic.
/// </summary>
public interface IPaymentFeed : IKafkaView<Payment>;
