namespace ActorViews.Streaming.Kafka;

/// <summary>
/// An event that names the entity it belongs to. Views are keyed by the message key, so the provider
/// dead-letters a message whose key is not exactly <see cref="EntityKey"/>, with both in the reason, rather
/// than deliver it to a grain nobody asks while the entity it names never sees it.
/// </summary>
/// <remarks>Implement it explicitly, so the property stays out of the event's JSON.</remarks>
public interface IKafkaKeyedEvent
{
    /// <summary>The message key the event must carry: its entity's ID, written as the views' keys are (e.g. <c>JUMPERS</c>, <c>7</c>).</summary>
    string EntityKey { get; }
}
