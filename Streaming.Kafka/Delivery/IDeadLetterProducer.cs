using Confluent.Kafka;

namespace ActorViews.Streaming.Kafka.Delivery;

/// <summary>What writes dead letters: the provider's producer, or in a test one that refuses as a broker would.</summary>
internal interface IDeadLetterProducer
{
    /// <summary>Writes one message and waits for the broker's acknowledgement.</summary>
    /// <exception cref="ProduceException{TKey, TValue}">The broker or the client refused the message.</exception>
    Task ProduceAsync(string topic, byte[]? key, byte[]? value, Headers headers, CancellationToken cancellationToken);
}
