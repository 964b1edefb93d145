using System.Globalization;
using System.Text;

namespace ActorViews.Serve;

/// <summary>What one recovery run measured; times are seconds after the kill, NaN when it did not happen in the run.</summary>
internal sealed record RecoveryRun(
    int VictimPartitions, double RateBefore, double LowestAfter, double ReownedAfter, double FullRateAfter, double DrainedAfter, string BucketsCsv)
{
    /// <summary>The share of the produce rate that counts as full rate.</summary>
    public const double FullRateShare = 0.9;

    private const int WindowBuckets = 10;

    /// <summary>The slowest <c>/metrics</c> answer while sampling: increases land in the bucket their answer arrived in.</summary>
    public long SlowestMetricsMs { get; init; }

    public static bool IsOwnedBy(string? owner, int siloPort) => owner?.Contains($":{siloPort}@", StringComparison.Ordinal) == true;

    public static RecoveryRun From(
        RecoverySettings settings,
        long[] applied,
        long[] produced,
        IReadOnlyList<(double Seconds, IReadOnlyList<(int Partition, string? Owner, long Lag)> Partitions)> status,
        double killedAt,
        int victimPort,
        int victimPartitions,
        TimeSpan bucket)
    {
        var perSecond = 1 / bucket.TotalSeconds;
        var killBucket = (int)(killedAt / bucket.TotalSeconds);
        var lastBucket = applied.Length - 1;

        // The steady state: the seconds before the kill, skipping the first two (samplers and pacing settle).
        var steadyFrom = Math.Min(killBucket - 1, (int)(2 * perSecond));
        var rateBefore = applied[steadyFrom..killBucket].Average() * perSecond;
        if (rateBefore < 0.5 * settings.Rate)
        {
            Console.Error.WriteLine($"  warning: before the kill the silos applied {rateBefore:N0} ev/s of the {settings.Rate:N0} produced: they did not keep up, so the recovery times measure a backlog; lower --rate");
        }

        // Full rate = sustained: the start of the first 1 s window after the kill from which no later 1 s window
        // falls below 90 % of the produce rate (a single burst of replay does not count as recovered).
        double lowest = double.MaxValue, fullRate = double.NaN;
        for (var start = killBucket; start + WindowBuckets <= applied.Length; start++)
        {
            var window = applied[start..(start + WindowBuckets)].Sum() / (WindowBuckets * bucket.TotalSeconds);
            lowest = Math.Min(lowest, window);
            if (window < FullRateShare * settings.Rate)
            {
                fullRate = double.NaN;
            }
            else if (double.IsNaN(fullRate))
            {
                fullRate = (start * bucket.TotalSeconds) - killedAt;
            }
        }

        var after = status.Where(s => s.Seconds > killedAt).ToList();
        var reowned = after.FirstOrDefault(s => s.Partitions.Count > 0 && s.Partitions.All(p => p.Owner is not null && !IsOwnedBy(p.Owner, victimPort)));
        var lagBefore = status.Where(s => s.Seconds < killedAt).Select(s => s.Partitions.Sum(p => p.Lag)).DefaultIfEmpty(0).Max();
        var drained = after.FirstOrDefault(s => reowned.Partitions is not null && s.Seconds >= reowned.Seconds && s.Partitions.Sum(p => p.Lag) <= lagBefore);

        var csv = new StringBuilder("ms,produced,applied\n");
        for (var i = 0; i <= lastBucket && i < applied.Length; i++)
        {
            csv.AppendLine(CultureInfo.InvariantCulture, $"{(i * bucket.TotalMilliseconds) - (killedAt * 1000):0},{produced[i]},{applied[i]}");
        }

        return new RecoveryRun(
            victimPartitions,
            rateBefore,
            lowest == double.MaxValue ? double.NaN : lowest,
            reowned.Partitions is null ? double.NaN : reowned.Seconds - killedAt,
            fullRate,
            drained.Partitions is null ? double.NaN : drained.Seconds - killedAt,
            csv.ToString());
    }

    public string Row(string label) => string.Create(CultureInfo.InvariantCulture,
        $"| {label} | {VictimPartitions} | {Numbers.Rate(RateBefore)} | {Numbers.Rate(LowestAfter)} | {Seconds(ReownedAfter)} | {Seconds(FullRateAfter)} | {Seconds(DrainedAfter)} | {SlowestMetricsMs} |");

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"victim owned {VictimPartitions} partitions; {RateBefore:N0} ev/s before, lowest 1 s {LowestAfter:N0}; re-owned after {Seconds(ReownedAfter)} s, full rate after {Seconds(FullRateAfter)} s, drained after {Seconds(DrainedAfter)} s; slowest /metrics answer {SlowestMetricsMs} ms");

    private static string Seconds(double value) => double.IsNaN(value) ? "not in the run" : value.ToString("0.0", CultureInfo.InvariantCulture);
}
