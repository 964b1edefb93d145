using Confluent.Kafka;
using Confluent.Kafka.Admin;

namespace ActorViews.Streaming.Kafka.Providers;

/// <summary>The provider's one producer: publishing, stream writes and dead letters share its connections.</summary>
internal sealed class KafkaProducer : IDisposable
{
    private readonly IProducer<byte[]?, byte[]?> _producer;
    private readonly Lazy<IAdminClient> _admin;

    // librdkafka crashes the process when a destroyed handle is used; every call checks this under the lock.
    private readonly Lock _gate = new();
    private bool _disposed;

    public KafkaProducer(KafkaStreamOptions options, string providerName)
    {
        _producer = new ProducerBuilder<byte[]?, byte[]?>(KafkaClientConfig.ForProducer(options, $"actorviews-{providerName}")).Build();
        _admin = new(() => new DependentAdminClientBuilder(_producer.Handle).Build());
    }

    /// <summary>
    /// The topic's ID, which identifies this incarnation of its log; empty when the broker assigns none.
    /// </summary>
    public async Task<string> GetTopicIdAsync(string topic, TimeSpan timeout)
    {
        Task<DescribeTopicsResult> describe;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            describe = _admin.Value.DescribeTopicsAsync(TopicCollection.OfTopicNames([topic]), new DescribeTopicsOptions { RequestTimeout = timeout });
        }

        var result = await describe.ConfigureAwait(false);
        var id = result.TopicDescriptions.Single().TopicId;
        return id is null || (id.MostSignificantBits == 0 && id.LeastSignificantBits == 0) ? "" : id.ToString();
    }

    /// <summary>Writes one message, partitioned by its key, and waits for the broker's acknowledgement.</summary>
    public async Task<KafkaPosition> ProduceAsync(string topic, byte[]? key, byte[]? value, Headers? headers, CancellationToken cancellationToken)
    {
        var message = new Message<byte[]?, byte[]?> { Key = key, Value = value, Headers = headers };
        Task<DeliveryResult<byte[]?, byte[]?>> delivery;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            delivery = _producer.ProduceAsync(topic, message, cancellationToken);
        }

        var result = await delivery.ConfigureAwait(false);
        return new KafkaPosition(result.Topic, result.Partition.Value, result.Offset.Value);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        // Whatever was accepted but not yet sent gets a bounded chance to leave before the handle closes.
        _producer.Flush(TimeSpan.FromSeconds(5));
        if (_admin.IsValueCreated)
        {
            _admin.Value.Dispose();
        }

        _producer.Dispose();
    }
}
