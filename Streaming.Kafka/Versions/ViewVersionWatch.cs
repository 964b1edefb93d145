using ActorViews.Streaming.Kafka.Delivery;
using ActorViews.Streaming.Kafka.Providers;
using Microsoft.Extensions.Logging;

namespace ActorViews.Streaming.Kafka.Versions;

/// <summary>
/// What a silo knows of its views' versions: which to deliver (<see cref="Delivered"/>), read from each view's
/// registry every <see cref="KafkaStreamOptions.ViewVersionPollInterval"/> on a timer of its own, so the hot path
/// only reads a dictionary. Receivers hear of a change (<see cref="Changed"/>) and tell the registry where a
/// building version went live (<see cref="ReportWhenLive"/>).
/// </summary>
internal sealed partial class ViewVersionWatch : IAsyncDisposable
{
    private static readonly IReadOnlyList<int> FirstOnly = [1];
    private readonly IGrainFactory _grains;
    private readonly TimeSpan _interval;
    private readonly TimeSpan _retryBackoff;
    private readonly TimeSpan _deleteAfter;
    private readonly ILogger _logger;
    private readonly string[] _views;
    private readonly Dictionary<string, int> _partitions;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private volatile IReadOnlyDictionary<string, KafkaViewVersionInfo>? _known;
    private Task? _polling;
    private Task? _firstRead;

    public ViewVersionWatch(KafkaTopicCatalog catalog, KafkaStreamOptions options, IGrainFactory grains, ILogger<ViewVersionWatch> logger)
    {
        _grains = grains;
        _interval = options.ViewVersionPollInterval;
        _retryBackoff = options.RetryBackoff;
        _deleteAfter = options.ReplacedVersionDeleteDelay;
        _logger = logger;
        _views = [.. catalog.RebuildableViews];
        _partitions = _views.ToDictionary(view => view, catalog.PartitionsOf, StringComparer.Ordinal);
    }

    /// <summary>Raised, off any receiver's thread, when a view's delivered versions changed.</summary>
    public event Action? Changed;

    /// <summary>The versions of <paramref name="view"/> to deliver, current first; version 1 before the first read.</summary>
    public IReadOnlyList<int> Delivered(string view) =>
        _known is { } known && known.TryGetValue(view, out var info) ? info.Delivered : FirstOnly;

    /// <summary>
    /// Reads every view's versions once, if that has not succeeded yet, and starts polling. A receiver awaits it
    /// before it starts: delivering a view's replaced version again, for want of knowing it was replaced, would
    /// write its deleted state back.
    /// </summary>
    public async Task EnsureReadAsync()
    {
        if (_known is null)
        {
            Task reading;
            lock (_gate)
            {
                // One read for all the receivers starting at once; a failed one is tried again by the next.
                reading = _firstRead is { IsFaulted: false, IsCanceled: false } ? _firstRead : _firstRead = RefreshAsync();
            }

            await reading.ConfigureAwait(false);
        }

        lock (_gate)
        {
            _polling ??= Task.Run(() => PollAsync(_stop.Token));
        }
    }

    /// <summary>
    /// Tells the registries where a building version the pump delivers reads live: at once where it started live (an
    /// empty log, a restart after its hand-over), else at its catch-up's hand-over. Once it does on every partition of
    /// the view and its feeds, the registry switches reads to it.
    /// </summary>
    /// <param name="pump">The partition's pump, started.</param>
    /// <param name="delivered">The topic with the versions the pump delivers.</param>
    /// <param name="partition">The partition.</param>
    /// <param name="token">Ends the reports of a receiver shutting down.</param>
    public void ReportWhenLive(PartitionPump pump, KafkaTopic delivered, int partition, CancellationToken token)
    {
        for (var view = 0; view < delivered.AllViews.Count; view++)
        {
            var group = delivered.ViewGroups[view];
            var version = delivered.ViewVersions[view];
            if (Delivered(group)[0] == version)
            {
                continue;
            }

            var live = pump.WhenLive(view);
            var name = ViewVersions.BaseName(delivered.ViewNames[view]);
            _ = Task.Run(async () =>
            {
                if (await live.ConfigureAwait(false))
                {
                    await ReportLiveAsync(group, name, version, delivered.Name, partition, token).ConfigureAwait(false);
                }
            });
        }
    }

    /// <summary>
    /// Tells the registry of <paramref name="group"/> that its building <paramref name="version"/> of view
    /// <paramref name="view"/> (the group itself, or a feed of it) reads live on the partition, retrying until it
    /// answers or <paramref name="token"/> ends (the partition's next reader tells it then).
    /// </summary>
    private async Task ReportLiveAsync(string group, string view, int version, string topic, int partition, CancellationToken token)
    {
        var backoff = new Backoff(_retryBackoff, TimeSpan.FromSeconds(5));
        while (!token.IsCancellationRequested)
        {
            try
            {
                await _grains.GetGrain<IKafkaViewVersionGrain>(group).ReportLiveAsync(version, view, topic, partition, _partitions[group], _deleteAfter).ConfigureAwait(false);
                return;
            }
            catch (Exception failure) when (failure is not OutOfMemoryException)
            {
                LogReportFailed(_logger, group, view, version, topic, partition, failure.Message);
                await backoff.WaitAsync(token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_polling is { } polling)
        {
            await polling.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        _stop.Dispose();
    }

    private async Task PollAsync(CancellationToken token)
    {
        using var timer = new PeriodicTimer(_interval);
        while (await NextTickAsync(timer, token).ConfigureAwait(false))
        {
            try
            {
                await RefreshAsync().ConfigureAwait(false);
            }
            catch (Exception failure) when (failure is not OutOfMemoryException)
            {
                // Delivery goes on with the versions known; the next tick asks again.
                LogReadFailed(_logger, failure.Message);
            }
        }
    }

    private static async Task<bool> NextTickAsync(PeriodicTimer timer, CancellationToken token)
    {
        try
        {
            return await timer.WaitForNextTickAsync(token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task RefreshAsync()
    {
        var read = await Task.WhenAll(_views.Select(view => _grains.GetGrain<IKafkaViewVersionGrain>(view).GetAsync())).ConfigureAwait(false);
        var known = read.ToDictionary(info => info.View, StringComparer.Ordinal);
        var before = _known;
        _known = known;
        if (before is not null && _views.Any(view => !before[view].Delivered.SequenceEqual(known[view].Delivered)))
        {
            Changed?.Invoke();
        }
    }

    [LoggerMessage(EventId = 1152, Level = LogLevel.Warning, Message = "Reading the views' versions failed: {Reason}; delivery goes on with the versions known")]
    private static partial void LogReadFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 1153, Level = LogLevel.Warning, Message = "Telling the registry of view {Group} that version {Version} of {View} reads {Topic}-{Partition} live failed: {Reason}; retrying")]
    private static partial void LogReportFailed(ILogger logger, string group, string view, int version, string topic, int partition, string reason);
}
