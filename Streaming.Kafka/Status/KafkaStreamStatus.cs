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

    // Each building view's applied events at the last answer, for its events per second.
    private readonly Dictionary<string, (long Applied, long At, double? Rate)> _viewSamples = new(StringComparer.Ordinal);
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
        var lows = new Dictionary<TopicPartition, long>();
        var partitions = await Task.Run(() => Query([], lows), cancellationToken).ConfigureAwait(false);
        return await Task.Run(() => ViewLags(partitions, lows), cancellationToken).ConfigureAwait(false);
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

    private List<KafkaPartitionStatus> Query(Dictionary<string, string> owners, Dictionary<TopicPartition, long>? lows = null)
    {
        // A query racing host shutdown must not touch a destroyed consumer.
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return QueryBroker(owners, lows);
        }
    }

    private List<KafkaPartitionStatus> QueryBroker(Dictionary<string, string> owners, Dictionary<TopicPartition, long>? lows)
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
            lows?.Add(tp, marks[i].Low.Value);
            result.Add(new KafkaPartitionStatus(tp.Topic, tp.Partition.Value, owner, commit, marks[i].High.Value, lag));
        }

        return result;
    }

    // The receivers' start rule read from the broker: a view behind the partition's offset, or new where the
    // other views have positions, is catching up there.
    private List<KafkaViewStatus> ViewLags(List<KafkaPartitionStatus> partitions, Dictionary<TopicPartition, long> lows)
    {
        lock (_viewSamples)
        {
            var fold = new ViewStatusFold(_viewSamples);
            foreach (var topic in catalog.Topics)
            {
                string[] views = [.. topic.AllViews.Select(ViewNames.Of)];
                foreach (var partition in partitions.Where(p => p.Topic == topic.Name))
                {
                    var tp = new TopicPartition(topic.Name, partition.Partition);
                    var stored = viewPositions?.Read(tp, views, BrokerTimeout) ?? new Dictionary<string, long>();
                    for (var i = 0; i < views.Length; i++)
                    {
                        long? position = stored.TryGetValue(views[i], out var own) ? own : null;
                        fold.Add(views[i], position, partition, lows[tp], stored.Count > 0, topic.NewViewStarts[i]);
                    }
                }
            }

            return fold.Result(System.Diagnostics.Stopwatch.GetTimestamp());
        }
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
