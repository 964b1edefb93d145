namespace ActorViews.Streaming.Kafka;

/// <summary>Writes events to a provider's topics, keyed and partitioned the way every producer agrees on.</summary>
/// <remarks>Resolve it as a keyed service named after the provider, or unkeyed for the default provider.</remarks>
public interface IKafkaPublisher
{
    /// <summary>Writes one event as JSON and waits until the broker acknowledged it.</summary>
    /// <param name="topic">A topic configured on the provider.</param>
    /// <param name="key">The entity ID: the message key and the key of the grains that receive it.</param>
    /// <param name="value">The event.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>Where the event was written; a view that has applied this position has seen the event.</returns>
    Task<KafkaPosition> PublishAsync<TEvent>(string topic, string key, TEvent value, CancellationToken cancellationToken = default);

    /// <summary>The partition <paramref name="key"/>'s events go to in <paramref name="topic"/>, as every producer computes it.</summary>
    /// <param name="topic">A topic configured on the provider.</param>
    /// <param name="key">The entity ID (message key).</param>
    /// <exception cref="ArgumentException">The topic is not configured on the provider, or the key is empty.</exception>
    int PartitionFor(string topic, string key);
}
