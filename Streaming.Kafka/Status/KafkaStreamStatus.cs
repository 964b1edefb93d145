using ActorViews.Streaming.Kafka.Providers;
using Confluent.Kafka;

namespace ActorViews.Streaming.Kafka.Status;

/// <summary>Answers partition status from the broker (committed offsets, watermarks) and the owners record.</summary>
internal sealed class KafkaStreamStatus(
    string providerName,
    KafkaStreamOptions options,
    KafkaTopicCatalog catalog,
    IGrainFactory grainFactory,
    KafkaReceiverRegistry? receivers = null,
    KafkaViewPositions? viewPositions = null)
    : IKafkaStreamStatus, IDisposable
{
    private const int WatermarkQueriesAtOnce = 8;
    private static readonly TimeSpan BrokerTimeout = TimeSpan.FromSeconds(5);
    private readonly Lazy<IConsumer<byte[]?, byte[]?>> _consumer = new(() =>
        new ConsumerBuilder<byte[]?, byte[]?>(KafkaClientConfig.ForConsumer(options, $"actorviews-{providerName}-status")).Build());

    private readonly Lock _gate = new();
    private bool _disposed;

    public string BootstrapServers => options.BootstrapServers;

    public async Task<IReadOnlyList<KafkaPartitionStatus>> GetPartitionsAsync(CancellationToken cancellationToken = default)
    {
        var owners = await ActiveOwnersAsync().ConfigureAwait(false);
        var partitions = await Task.Run(() => Query(owners), cancellationToken).ConfigureAwait(false);
        return partitions.WithConditions(GetOwnedPartitionConditions());
    }

    public async Task<IReadOnlyList<KafkaViewStatus>> GetViewsAsync(CancellationToken cancellationToken = default)
    {
        var partitions = await Task.Run(() => Query([]), cancellationToken).ConfigureAwait(false);
        return await Task.Run(() => ViewLags(partitions), cancellationToken).ConfigureAwait(false);
    }

    public IReadOnlyList<KafkaPartitionHealth> GetOwnedPartitionConditions() => receivers?.Conditions() ?? [];

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            if (_consumer.IsValueCreated)
            {
                _consumer.Value.Dispose();
            }
        }
    }

    private List<KafkaPartitionStatus> Query(Dictionary<string, string> owners)
    {
        // A query racing host shutdown must not touch a destroyed consumer.
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return QueryBroker(owners);
        }
    }

    private List<KafkaPartitionStatus> QueryBroker(Dictionary<string, string> owners)
    {
        var partitions = catalog.Topics.SelectMany(t => Enumerable.Range(0, t.Partitions).Select(p => new TopicPartition(t.Name, p))).ToList();
        var committed = _consumer.Value.Committed(partitions, BrokerTimeout).ToDictionary(c => c.TopicPartition, c => c.Offset);

        // One watermark request per partition: sent a few at a time (librdkafka's query is thread-safe), so the
        // status of a cluster's 40 partitions costs a few round trips, not 40 in a row.
        var marks = new WatermarkOffsets[partitions.Count];
        Parallel.For(0, partitions.Count, new ParallelOptions { MaxDegreeOfParallelism = WatermarkQueriesAtOnce }, i =>
            marks[i] = _consumer.Value.QueryWatermarkOffsets(partitions[i], BrokerTimeout));

        var result = new List<KafkaPartitionStatus>(partitions.Count);
        for (var i = 0; i < partitions.Count; i++)
        {
            var tp = partitions[i];
            long? commit = committed.TryGetValue(tp, out var c) && !c.IsSpecial ? c.Value : null;
            var lag = Math.Max(0, marks[i].High.Value - (commit ?? marks[i].Low.Value));
            owners.TryGetValue($"{tp.Topic}/{tp.Partition.Value}", out var owner);
            result.Add(new KafkaPartitionStatus(tp.Topic, tp.Partition.Value, owner, commit, marks[i].High.Value, lag));
        }

        return result;
    }

    private List<KafkaViewStatus> ViewLags(List<KafkaPartitionStatus> partitions)
    {
        var lags = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var topic in catalog.Topics)
        {
            string[] views = [.. topic.AllViews.Select(ViewNames.Of)];
            foreach (var partition in partitions.Where(p => p.Topic == topic.Name))
            {
                var stored = viewPositions?.Read(new TopicPartition(topic.Name, partition.Partition), views, BrokerTimeout);
                foreach (var view in views)
                {
                    // A view without a position of its own is where the partition is (the upgrade rule of the receivers).
                    var lag = stored is not null && stored.TryGetValue(view, out var position)
                        ? Math.Max(0, partition.HighWatermark - position)
                        : partition.Lag;
                    lags[view] = lags.GetValueOrDefault(view) + lag;
                }
            }
        }

        return [.. lags.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => new KafkaViewStatus(l.Key, 1, "live", l.Value, null, null))];
    }

    // A silo that died keeps its claims in the record until others re-claim; show only live owners.
    private async Task<Dictionary<string, string>> ActiveOwnersAsync()
    {
        var owners = await grainFactory.GetGrain<IKafkaPartitionOwnersGrain>(providerName).GetOwnersAsync().ConfigureAwait(false);
        var hosts = await grainFactory.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).ConfigureAwait(false);
        var active = hosts.Keys.Select(h => h.ToParsableString()).ToHashSet(StringComparer.Ordinal);
        return owners.Where(o => active.Contains(o.Value)).ToDictionary(o => o.Key, o => o.Value, StringComparer.Ordinal);
    }
}
