using ActorViews.Gateway.Endpoints;
using ActorViews.Streaming.Kafka;

namespace ActorViews.Silo.Operations.Status;

/// <summary>
/// Samples every partition's committed offset every few seconds and keeps a minute of samples, so the
/// status page can show how fast each partition is delivered whoever opens it and whenever.
/// </summary>
internal sealed partial class ThroughputSampler(
    StatusCache<IReadOnlyList<KafkaPartitionStatus>> status,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<ThroughputSampler> logger) : BackgroundService
{
    /// <summary>The window throughput is averaged over.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan QueryTimeout = TimeSpan.FromSeconds(10);
    private readonly Lock _lock = new();
    private readonly Queue<Sample> _samples = new();

    /// <summary>
    /// Delivered events per second of <paramref name="topic"/>-<paramref name="partition"/>, from its oldest
    /// sample in the window to the newest; null until two samples span some time.
    /// </summary>
    public double? EventsPerSecond(string topic, int partition)
    {
        var key = (topic, partition);
        Sample? first = null, last = null;
        lock (_lock)
        {
            foreach (var sample in _samples.Where(s => s.Committed.ContainsKey(key)))
            {
                first ??= sample;
                last = sample;
            }
        }

        if (first is null || last is null || last.At <= first.At)
        {
            return null;
        }

        // A log reset moves the offset back; that is not negative throughput.
        return Math.Max(0, last.Committed[key] - first.Committed[key]) / (last.At - first.At).TotalSeconds;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Grain calls made before the silo has started never return.
        await WhenStartedAsync(stoppingToken).ConfigureAwait(false);
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            try
            {
                var partitions = await status.GetAsync(QueryTimeout, stoppingToken).ConfigureAwait(false);
                // Before its first commit a partition is delivered up to its log's start, where its lag counts from.
                Add(new Sample(time.GetUtcNow(), partitions.ToDictionary(
                    p => (p.Topic, p.Partition),
                    p => p.CommittedOffset ?? p.HighWatermark - p.Lag)));
            }
            catch (Exception failure) when (!stoppingToken.IsCancellationRequested)
            {
                // The cluster may still be starting or the broker away; the next tick tries again.
                LogSampleFailed(logger, failure.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    private Task WhenStartedAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        return started.Task.WaitAsync(stoppingToken);
    }

    private void Add(Sample sample)
    {
        lock (_lock)
        {
            _samples.Enqueue(sample);
            while (_samples.Count > 2 && sample.At - _samples.Peek().At > Window)
            {
                _samples.Dequeue();
            }
        }
    }

    [LoggerMessage(EventId = 3000, Level = LogLevel.Debug, Message = "Sampling committed offsets failed: {Reason}")]
    private static partial void LogSampleFailed(ILogger logger, string reason);

    private sealed record Sample(DateTimeOffset At, Dictionary<(string Topic, int Partition), long> Committed);
}
