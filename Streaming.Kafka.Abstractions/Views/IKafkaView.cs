namespace ActorViews.Streaming.Kafka;

/// <summary>
/// A grain that keeps a materialized view of a Kafka topic. The provider's delivery engine hands each key's
/// events to the grain whose key equals the message key, in offset order, several at a time.
/// </summary>
/// <typeparam name="TEvent">The event type the topic declares.</typeparam>
/// <remarks>
/// Delivery is at-least-once: after a failover a batch may contain events the grain already applied.
/// Implementations keep <see cref="AppliedOffsets"/> in the same persisted record as the view and skip what
/// it has seen. The provider commits an offset only after every grain that received it returned, so a grain
/// must make its effect durable before <see cref="ApplyAsync"/> completes, and when it throws leave nothing
/// applied in memory (<see cref="ViewStateExtensions.ApplyOrRevertAsync"/>), so the retry applies the events again.
/// </remarks>
public interface IKafkaView<TEvent> : IGrainWithStringKey
{
    /// <summary>Applies a run of consecutive events of this grain's key from one partition.</summary>
    /// <param name="batch">The events, in offset order.</param>
    Task ApplyAsync(KafkaEventBatch<TEvent> batch);
}
