using ActorViews.Silo.Hosting;
using ActorViews.Streaming.Kafka;

namespace ActorViews.Silo.Operations.Status;

/// <summary>
/// Samples every partition's committed offset every few seconds and keeps a minute of samples, so the
/// status page can show how fast each partition is delivered whoever opens it and whenever.
/// </summary>
internal sealed partial class ThroughputSampler(
    [FromKeyedServices(SiloNames.KafkaProvider)] IKafkaStreamStatus status,
    TimeProvider time,
    ILogger<ThroughputSampler> logger) : BackgroundService
{
    /// <summary>The window throughput is averaged over.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);
    private readonly Lock _lock = new();
    private readonly Queue<Sample> _samples = new();

    /// <summary>
    /// Delivered events per second of <paramref name="topic"/>-<paramref name="partition"/>, from the oldest
    /// sample in the window to the newest; null until two samples span some time.
    /// </summary>
    public double? EventsPerSecond(string topic, int partition)
    {
        Sample first, last;
        lock (_lock)
        {
            if (_samples.Count < 2)
            {
                return null;
            }

            first = _samples.Peek();
            last = _samples.Last();
        }

        var seconds = (last.At - first.At).TotalSeconds;
        var key = (topic, partition);
        if (seconds <= 0 || !first.Committed.TryGetValue(key, out var from) || !last.Committed.TryGetValue(key, out var to))
        {
            return null;
        }

        // A log reset moves the offset back; that is not negative throughput.
        return Math.Max(0, to - from) / seconds;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            try
            {
                var partitions = await status.GetPartitionsAsync(stoppingToken).ConfigureAwait(false);
                Add(new Sample(time.GetUtcNow(), partitions
                    .Where(p => p.CommittedOffset is not null)
                    .ToDictionary(p => (p.Topic, p.Partition), p => p.CommittedOffset!.Value)));
            }
            catch (Exception failure) when (failure is not OperationCanceledException)
            {
                // The cluster may still be starting or the broker away; the next tick tries again.
                LogSampleFailed(logger, failure.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
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
