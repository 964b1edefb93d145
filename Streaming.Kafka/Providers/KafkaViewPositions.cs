using ActorViews.Streaming.Kafka.Delivery;
using Confluent.Kafka;

namespace ActorViews.Streaming.Kafka.Providers;

/// <summary>
/// Keeps each view's position per partition as the committed offset of a consumer group of its own,
/// <c>&lt;group&gt;.view.&lt;view-name&gt;</c> (<see cref="ViewNames.ProgressGroup"/>), beside the main group whose
/// offset stays the minimum over the views. As with <see cref="KafkaOwnershipFence"/>, commit metadata would be
/// the natural home, but Confluent.Kafka cannot write or read it; a group per view works on every broker.
/// </summary>
internal sealed class KafkaViewPositions(KafkaStreamOptions options, string providerName) : IViewPositionStore, IDisposable
{
    private readonly Dictionary<string, SharedConsumer> _consumers = new(StringComparer.Ordinal);
    private readonly Lock _create = new();
    private bool _disposed;

    public IReadOnlyDictionary<string, long> Read(TopicPartition partition, IReadOnlyList<string> views, TimeSpan timeout)
    {
        var positions = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var view in views)
        {
            if (Consumer(view).Committed(partition, timeout) is { } position)
            {
                positions[view] = position;
            }
        }

        return positions;
    }

    public void Commit(TopicPartition partition, string view, long offset) =>
        Consumer(view).Commit([new TopicPartitionOffset(partition, offset)]);

    public void Dispose()
    {
        lock (_create)
        {
            _disposed = true;
        }

        foreach (var consumer in _consumers.Values)
        {
            consumer.Dispose();
        }
    }

    private SharedConsumer Consumer(string view)
    {
        lock (_create)
        {
            // None made after Dispose, which would leave it undisposed.
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_consumers.TryGetValue(view, out var consumer))
            {
                var config = KafkaClientConfig.ForConsumer(options, $"actorviews-{providerName}-view-{view}");
                config.GroupId = ViewNames.ProgressGroup(options.ConsumerGroupId, view);
                consumer = new SharedConsumer(config);
                _consumers[view] = consumer;
            }

            return consumer;
        }
    }
}
