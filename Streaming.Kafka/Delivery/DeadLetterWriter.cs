using System.Globalization;
using System.Text;
using ActorViews.Streaming.Kafka.Providers;
using Confluent.Kafka;

namespace ActorViews.Streaming.Kafka.Delivery;

/// <summary>
/// Moves a message that cannot be applied to its topic's dead-letter topic, unchanged, with headers naming
/// why and where it came from, so it can be fixed and replayed. Nothing is dropped: a write that fails is
/// retried until it succeeds or the partition is given up.
/// </summary>
internal sealed class DeadLetterWriter(IDeadLetterProducer producer, TimeSpan retryDelay)
{
    public DeadLetterWriter(KafkaProducer producer, TimeSpan retryDelay)
        : this(new ProviderProducer(producer), retryDelay)
    {
    }

    public async Task WriteAsync(KafkaTopic topic, ConsumeResult<byte[]?, byte[]?> raw, string reason, CancellationToken cancellationToken)
    {
        var headers = new Headers();
        if (raw.Message.Headers is { } original)
        {
            foreach (var header in original)
            {
                headers.Add(header.Key, header.GetValueBytes());
            }
        }

        headers.Add(DeadLetterHeaders.Reason, Encoding.UTF8.GetBytes(reason));
        headers.Add(DeadLetterHeaders.SourceTopic, Encoding.UTF8.GetBytes(raw.Topic));
        headers.Add(DeadLetterHeaders.SourcePartition, Encoding.UTF8.GetBytes(raw.Partition.Value.ToString(CultureInfo.InvariantCulture)));
        headers.Add(DeadLetterHeaders.SourceOffset, Encoding.UTF8.GetBytes(raw.Offset.Value.ToString(CultureInfo.InvariantCulture)));

        while (true)
        {
            try
            {
                // Keyed like the source, so a replay keeps each key's order whatever the dead-letter topic's size.
                await producer.ProduceAsync(topic.DeadLetterTopic, raw.Message.Key, raw.Message.Value, headers, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (ObjectDisposedException)
            {
                // The silo is shutting down: the message stays uncommitted and the next owner dead-letters it.
                throw new OperationCanceledException("The producer was disposed before the dead letter was written.");
            }
            catch (ProduceException<byte[]?, byte[]?>) when (!cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(retryDelay, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    // The provider's producer carries dead letters unless a test hands in one of its own.
    private sealed class ProviderProducer(KafkaProducer producer) : IDeadLetterProducer
    {
        public Task ProduceAsync(string topic, byte[]? key, byte[]? value, Headers headers, CancellationToken cancellationToken) =>
            producer.ProduceAsync(topic, key, value, headers, cancellationToken);
    }
}
