using ActorViews.Streaming.Kafka.Providers;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ActorViews.Streaming.Kafka.Status;

/// <summary>
/// Answers partition and view status from the broker (committed offsets, watermarks, the views' positions) and
/// the owners record. Every source has its own deadline and the sources are read side by side, so an answer
/// never waits on the slowest of them: an owners record that does not answer (its silo hung or dead, a
/// grain call waiting out Orleans' 30 s response timeout) leaves the owners unknown and marked, not the whole
/// status unanswered. Only the broker's offsets are essential: without them there is nothing true to show.
/// </summary>
internal sealed class KafkaStreamStatus(
    string bootstrapServers,
    KafkaTopicCatalog catalog,
    IPartitionOwnersSource owners,
    IStatusOffsetsReader broker,
    StatusSourceWatch watch,
    KafkaReceiverRegistry? receivers = null,
    KafkaViewVersionCache? versions = null)
    : IKafkaStreamStatus, IDisposable
{
    /// <summary>How long the owners record may take; well inside the 5 s a <c>/v1/status</c> caller waits.</summary>
    internal static readonly TimeSpan OwnersTimeout = TimeSpan.FromSeconds(2);

    /// <summary>How long each broker request may take, and all the views' positions together.</summary>
    internal static readonly TimeSpan BrokerTimeout = TimeSpan.FromSeconds(4);

    private const string OwnersSource = "partition owners record";
    private const string BrokerSource = "broker";
    private const string PositionsSource = "views' positions";
    private const int PositionQueriesAtOnce = 8;
    private readonly Lock _ownersGate = new();

    // Each building view's applied events at the last answer, for its events per second.
    private readonly Dictionary<string, (long Applied, long At, double? Rate)> _viewSamples = new(StringComparer.Ordinal);
    private Task<IReadOnlyDictionary<string, string>>? _ownersCall;

    public string BootstrapServers => bootstrapServers;

    public IReadOnlyList<string> ViewNames { get; } = catalog.RebuildableViews;

    /// <summary>The status of the provider named <paramref name="name"/>, from its registered services.</summary>
    public static KafkaStreamStatus Create(IServiceProvider services, string name, KafkaStreamOptions options) => new(
        options.BootstrapServers,
        services.GetRequiredKeyedService<KafkaTopicCatalog>(name),
        new ClusterPartitionOwners(name, services.GetRequiredService<IGrainFactory>(), services.GetService<IClusterMembershipService>()),
        new BrokerStatusOffsets(options, name, services.GetKeyedService<KafkaViewPositions>(name)),
        new StatusSourceWatch(name, services.GetRequiredService<ILoggerFactory>().CreateLogger<KafkaStreamStatus>()),
        services.GetKeyedService<KafkaReceiverRegistry>(name),
        new KafkaViewVersionCache(services.GetRequiredService<IGrainFactory>(), options.ViewVersionPollInterval));

    public async Task<IReadOnlyList<KafkaPartitionStatus>> GetPartitionsAsync(CancellationToken cancellationToken = default)
    {
        var owned = ReadOwnersAsync();
        var offsets = await ReadOffsetsAsync(cancellationToken).ConfigureAwait(false);
        var known = await owned.ConfigureAwait(false);
        return offsets
            .Select(p => new KafkaPartitionStatus(
                p.Topic,
                p.Partition,
                known?.GetValueOrDefault($"{p.Topic}/{p.Partition}"),
                p.Committed,
                p.HighWatermark,
                p.Lag,
                OwnerUnknown: known is null))
            .WithConditions(GetOwnedPartitionConditions());
    }

    public async Task<IReadOnlyList<KafkaViewStatus>> GetViewsAsync(CancellationToken cancellationToken = default)
    {
        var versioned = ReadVersionsAsync();
        var offsets = await ReadOffsetsAsync(cancellationToken).ConfigureAwait(false);
        var known = await versioned.ConfigureAwait(false);
        List<KafkaTopic> topics = [.. catalog.Topics.Select(t => known is null ? t : t.WithVersions(view => known.TryGetValue(view, out var info) ? info.Delivered : [1]))];
        var positions = await BrokerCalls.RunAsync(() => ReadViewPositions(topics, offsets)).WaitAsync(cancellationToken).ConfigureAwait(false);
        IReadOnlyList<KafkaViewStatus> lines;
        lock (_viewSamples)
        {
            lines = ViewLagReport.Of(topics, offsets, positions, BrokerTimeout, _viewSamples);
        }

        if (versions is null)
        {
            return lines;
        }

        return known is null
            ? [.. lines.Select(line => line with { Warnings = [.. line.Warnings ?? [], $"The view's versions were not read within {OwnersTimeout.TotalSeconds:0}s: its version and a rebuild of it are not shown."] })]
            : ViewVersionLines.Fold(lines, known, catalog.VersionGroupOf);
    }

    public IReadOnlyList<KafkaPartitionHealth> GetOwnedPartitionConditions() => receivers?.Conditions() ?? [];

    public void Dispose() => (broker as IDisposable)?.Dispose();

    private async Task<IReadOnlyList<PartitionOffsets>> ReadOffsetsAsync(CancellationToken cancellationToken)
    {
        List<TopicPartition> partitions = [.. catalog.Topics.SelectMany(t => Enumerable.Range(0, t.Partitions).Select(p => new TopicPartition(t.Name, p)))];
        try
        {
            var offsets = await BrokerCalls.RunAsync(() => broker.ReadPartitions(partitions, BrokerTimeout)).WaitAsync(cancellationToken).ConfigureAwait(false);
            watch.Answered(BrokerSource);
            return offsets;
        }
        catch (Exception failure) when (failure is not OperationCanceledException and not ObjectDisposedException)
        {
            watch.Failed(BrokerSource, failure);
            throw;
        }
    }

    // Each view's versions from its registry; null when they did not all answer within OwnersTimeout.
    private async Task<IReadOnlyDictionary<string, KafkaViewVersionInfo>?> ReadVersionsAsync()
    {
        if (versions is null)
        {
            return null;
        }

        try
        {
            var read = await Task.WhenAll(ViewNames.Select(versions.GetAsync)).WaitAsync(OwnersTimeout).ConfigureAwait(false);
            return read.ToDictionary(info => info.View, StringComparer.Ordinal);
        }
        catch (Exception failure) when (failure is not OutOfMemoryException)
        {
            return null;
        }
    }

    // Null when the record did not answer in time. A call still running is awaited again rather than joined by
    // another, so a record that does not answer costs one pending call, not one per status read.
    private async Task<IReadOnlyDictionary<string, string>?> ReadOwnersAsync()
    {
        Task<IReadOnlyDictionary<string, string>> call;
        lock (_ownersGate)
        {
            if (_ownersCall is null || _ownersCall.IsCompleted)
            {
                _ownersCall = Task.Run(owners.ReadActiveOwnersAsync);
            }

            call = _ownersCall;
        }

        try
        {
            var read = await call.WaitAsync(OwnersTimeout).ConfigureAwait(false);
            watch.Answered(OwnersSource);
            return read;
        }
        catch (TimeoutException late) when (!call.IsCompleted)
        {
            watch.Failed(OwnersSource, new TimeoutException($"no answer within {OwnersTimeout.TotalSeconds:0}s", late));
            return null;
        }
        catch (Exception failure) when (failure is not OutOfMemoryException)
        {
            watch.Failed(OwnersSource, failure);
            return null;
        }
    }

    // The views' positions per partition, a few partitions at a time, within BrokerTimeout altogether; null for
    // the partitions not read by then or when the broker failed, whose views then count from the main offset.
    private Dictionary<(string Topic, int Partition), IReadOnlyDictionary<string, long>?> ReadViewPositions(IReadOnlyList<KafkaTopic> topics, IReadOnlyList<PartitionOffsets> offsets)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var views = topics.ToDictionary(t => t.Name, t => t.ViewNames, StringComparer.Ordinal);
        var read = new IReadOnlyDictionary<string, long>?[offsets.Count];
        Exception? failure = null;
        Parallel.For(0, offsets.Count, new ParallelOptions { MaxDegreeOfParallelism = PositionQueriesAtOnce }, (i, loop) =>
        {
            var left = BrokerTimeout - clock.Elapsed;
            if (left <= TimeSpan.Zero || Volatile.Read(ref failure) is not null)
            {
                loop.Stop();
                return;
            }

            try
            {
                read[i] = broker.ReadViewPositions(new TopicPartition(offsets[i].Topic, offsets[i].Partition), views[offsets[i].Topic], left);
            }
            catch (Exception failed) when (failed is KafkaException or ObjectDisposedException)
            {
                Interlocked.CompareExchange(ref failure, failed, null);
                loop.Stop();
            }
        });

        if (failure is not null)
        {
            watch.Failed(PositionsSource, failure);
        }
        else if (read.Any(r => r is null))
        {
            watch.Failed(PositionsSource, new TimeoutException($"not all read within {BrokerTimeout.TotalSeconds:0}s"));
        }
        else
        {
            watch.Answered(PositionsSource);
        }

        return offsets.Select((p, i) => (Key: (p.Topic, p.Partition), Value: read[i])).ToDictionary(e => e.Key, e => e.Value);
    }
}
