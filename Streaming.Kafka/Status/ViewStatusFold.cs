using System.Diagnostics;

namespace ActorViews.Streaming.Kafka.Status;

/// <summary>
/// Folds each view's positions over its topics' partitions into its <see cref="KafkaViewStatus"/>: its lag, and
/// while it catches up on some partition (<c>building</c>) the share of the logs it has applied and how fast it
/// applies, measured between two folds (positions are committed once per commit interval).
/// </summary>
internal sealed class ViewStatusFold
{
    // Rates from folds closer than this are the noise of commit ticks: the previous rate stands.
    private static readonly TimeSpan MinRateWindow = TimeSpan.FromSeconds(1);
    private readonly Dictionary<string, Tally> _tallies = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (long Applied, long At, double? Rate)> _samples;

    /// <param name="samples">The previous fold's samples, kept by the caller across folds (one entry per view).</param>
    public ViewStatusFold(Dictionary<string, (long Applied, long At, double? Rate)> samples) => _samples = samples;

    /// <summary>Adds one view's state on one partition.</summary>
    /// <param name="view">The view's name.</param>
    /// <param name="position">The view's stored position, or null when it has none.</param>
    /// <param name="partition">The partition: its committed offset (the minimum over its live views), high watermark and lag.</param>
    /// <param name="low">The partition log's first offset.</param>
    /// <param name="othersHavePositions">Whether other views of the topic have positions there, which makes a view without one new.</param>
    /// <param name="start">Where the view starts where it is new.</param>
    public void Add(string view, long? position, KafkaPartitionStatus partition, long low, bool othersHavePositions, ViewStart start)
    {
        if (!_tallies.TryGetValue(view, out var tally))
        {
            tally = new Tally();
            _tallies[view] = tally;
        }

        var high = partition.HighWatermark;
        var main = partition.CommittedOffset ?? low;

        // A view without a position is where the partition is, unless it is new and catches up from the log's start.
        var building = position is { } own ? own < main : othersHavePositions && start == ViewStart.Beginning && low < main;
        var at = position ?? (building ? low : main);
        var lag = position is null && !building ? partition.Lag : Math.Max(0, high - at);
        var span = Math.Max(0, high - low);
        var applied = Math.Clamp(at, low, Math.Max(low, high)) - low;
        tally.Lag += lag;
        tally.Building |= building;
        tally.Span += span;
        tally.Applied += applied;
        tally.Partitions.Add(new KafkaViewPartitionStatus(
            partition.Topic,
            partition.Partition,
            building ? "building" : "live",
            position,
            lag,
            building ? Progress(applied, span) : null));
    }

    /// <summary>Every view added, by name, with the samples for the next fold updated.</summary>
    public List<KafkaViewStatus> Result(long now)
    {
        var result = new List<KafkaViewStatus>(_tallies.Count);
        foreach (var (view, tally) in _tallies.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            if (!tally.Building)
            {
                _samples.Remove(view);
                result.Add(new KafkaViewStatus(view, 1, "live", tally.Lag, null, null, Partitions: tally.Partitions));
                continue;
            }

            var rate = Rate(view, tally.Applied, now);
            result.Add(new KafkaViewStatus(view, 1, "building", tally.Lag, Progress(tally.Applied, tally.Span), rate, Partitions: tally.Partitions));
        }

        return result;
    }

    private static double Progress(long applied, long span) => span == 0 ? 1 : (double)applied / span;

    private double? Rate(string view, long applied, long now)
    {
        if (!_samples.TryGetValue(view, out var last))
        {
            _samples[view] = (applied, now, null);
            return null;
        }

        var elapsed = Stopwatch.GetElapsedTime(last.At, now);
        if (elapsed < MinRateWindow)
        {
            return last.Rate;
        }

        var rate = Math.Max(0, applied - last.Applied) / elapsed.TotalSeconds;
        _samples[view] = (applied, now, rate);
        return rate;
    }

    private sealed class Tally
    {
        public long Lag { get; set; }

        public bool Building { get; set; }

        public long Span { get; set; }

        public long Applied { get; set; }

        public List<KafkaViewPartitionStatus> Partitions { get; } = [];
    }
}
