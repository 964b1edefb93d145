using System.Diagnostics;

namespace ActorViews.Serve;

/// <summary>
/// Latency samples kept whole (a few hundred thousand longs) and sorted once for percentiles: exact, where an
/// HdrHistogram would bucket. Thread-safe for concurrent recorders.
/// </summary>
internal sealed class Latencies
{
    private readonly List<long> _ticks;
    private long[]? _sorted;

    public Latencies(int capacity = 1024) => _ticks = new List<long>(capacity);

    public int Count
    {
        get
        {
            lock (_ticks)
            {
                return _ticks.Count;
            }
        }
    }

    /// <summary>Records one sample measured in <see cref="Stopwatch"/> ticks.</summary>
    public void Record(long stopwatchTicks)
    {
        lock (_ticks)
        {
            _ticks.Add(stopwatchTicks);
            _sorted = null;
        }
    }

    /// <summary>Adds every sample of <paramref name="other"/>.</summary>
    public void Add(Latencies other)
    {
        lock (other._ticks)
        {
            lock (_ticks)
            {
                _ticks.AddRange(other._ticks);
                _sorted = null;
            }
        }
    }

    /// <summary>The <paramref name="percentile"/> (0-100) in milliseconds, nearest-rank; NaN without samples.</summary>
    public double Milliseconds(double percentile)
    {
        long[] sorted;
        lock (_ticks)
        {
            if (_ticks.Count == 0)
            {
                return double.NaN;
            }

            sorted = _sorted ??= [.. _ticks.Order()];
        }

        var rank = (int)Math.Ceiling(percentile / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)] * 1000.0 / Stopwatch.Frequency;
    }
}
