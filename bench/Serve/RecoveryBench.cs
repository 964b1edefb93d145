using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using ActorViews.Grains;
using ActorViews.Tests.Shared;

namespace ActorViews.Serve;

/// <summary>
/// Row 7: three silos sharing PostgreSQL storage and clustering ingest at a steady rate; one is killed with
/// SIGKILL; events applied per 100 ms show how long until ingest runs at full rate again.
/// </summary>
/// <remarks>
/// The view side is each silo's own <c>actorviews_kafka_events_delivered_total</c> for <c>orders</c> on
/// <c>/metrics</c> (local to the silo, so it answers while membership changes), summed over the silos alive,
/// sampled every 100 ms. Redelivered events (those after the victim's last commit) count again: the rate after
/// the take-over includes the replay. Partition owners and committed offsets come from a survivor's
/// <c>/v1/status</c> every 250 ms.
/// </remarks>
internal static class RecoveryBench
{
    private const string DeliveredMetric = "actorviews_kafka_events_delivered_total";
    private static readonly TimeSpan Bucket = TimeSpan.FromMilliseconds(100);

    public static Func<Task> Prepare(ServeArgs args)
    {
        var settings = new RecoverySettings(
            Rate: args.Int("rate", 1_000, 1, 1_000_000),
            Keys: args.Int("keys", 5_000, 1, 1_000_000),
            Before: args.Int("before", 10, 1, 600),
            After: args.Int("after", 20, 1, 600),
            FastFailureDetection: args.Choice("membership", "fast", "default") == "fast");
        var runs = args.Runs;
        var siloDll = args.SiloDll;
        var outDirectory = args.OutDirectory;
        return async () =>
        {
            Console.Error.WriteLine($"recovery: 3 silos, {settings.Rate:N0} events/s over {settings.Keys:N0} keys, kill -9 after {settings.Before} s, watch {settings.After} s, {(settings.FastFailureDetection ? "FastFailureDetection" : "Orleans' default membership timing")}, {runs} run(s)");
            var machine = Numbers.Machine();
            var results = new List<RecoveryRun>();
            for (var run = 1; run <= runs; run++)
            {
                var result = await RunOnceAsync(siloDll, settings);
                results.Add(result);
                Console.Error.WriteLine($"  run {run}/{runs}: {result}");
                await File.WriteAllTextAsync(Path.Combine(outDirectory, "serve-recovery-buckets.csv"), result.BucketsCsv);
            }

            var text = new StringBuilder();
            text.AppendLine("## Recovery: kill -9 of one silo of three during ingest");
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture,
                $"Three silo processes share a throwaway PostgreSQL (views, membership) and the embedded broker (orders: 8 partitions); a Confluent producer writes {settings.Rate:N0} SHIPPED orders/s over {settings.Keys:N0} warm views. After {settings.Before} s the silo owning the most partitions is killed with SIGKILL. Applied = events delivered to views per 100 ms, summed over each live silo's `/metrics` (replayed events count). Full rate resumed = start of the first 1 s window after the kill from which every 1 s window to the end of the watch applies ≥ {RecoveryRun.FullRateShare:P0} of the produce rate. Membership: {(settings.FastFailureDetection ? "`FastFailureDetection=true` (1 s probes, 2 missed probes, 1 vote)" : "Orleans' defaults")}. Medians of {results.Count} fresh cluster(s); everything shares the machine ({machine}). Per-bucket series of the last run: `serve-recovery-buckets.csv`.");
            text.AppendLine();
            text.AppendLine("| run | victim's partitions | applied ev/s before | lowest 1 s after kill (ev/s) | victim's partitions owned again (s) | full rate resumed (s) | backlog drained (s) | slowest /metrics answer (ms) |");
            text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
            for (var i = 0; i < results.Count; i++)
            {
                text.AppendLine(results[i].Row((i + 1).ToString(CultureInfo.InvariantCulture)));
            }

            if (results.Count > 1)
            {
                text.AppendLine(new RecoveryRun(
                    (int)Numbers.Median(results.Select(r => (double)r.VictimPartitions)),
                    Numbers.Median(results.Select(r => r.RateBefore)),
                    Numbers.Median(results.Select(r => r.LowestAfter)),
                    Numbers.Median(results.Select(r => r.ReownedAfter)),
                    Numbers.Median(results.Select(r => r.FullRateAfter)),
                    Numbers.Median(results.Select(r => r.DrainedAfter)),
                    "") { SlowestMetricsMs = results.Max(r => r.SlowestMetricsMs) }.Row("**median**"));
            }

            ResultFile.Write(outDirectory, "serve-recovery.md", text);
        };
    }

    private static async Task<RecoveryRun> RunOnceAsync(string siloDll, RecoverySettings settings)
    {
        List<string> membership = settings.FastFailureDetection ? ["--Orleans:Membership:FastFailureDetection=true"] : [];
        await using var cluster = await ServeCluster.StartAsync(siloDll, 3, postgres: true, lingerMs: 5, membership);
        var log = cluster.Log;
        log.ProduceOrders(settings.Keys);
        await OrderLog.WaitUntilAppliedAsync(cluster.Silos[0], settings.Keys, TimeSpan.FromMinutes(5));

        var alive = cluster.Silos.ToList();
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource();
        using var stopProducing = new CancellationTokenSource();
        var slowestMetrics = new long[1];
        // Room for choosing the victim late on a slow machine: the watch after the kill always lasts After seconds.
        var applied = new long[(int)((settings.Before + settings.After + 60) / Bucket.TotalSeconds)];
        var produced = new long[applied.Length];
        var owners = new List<(double Seconds, IReadOnlyList<(int Partition, string? Owner, long Lag)> Partitions)>();

        var metrics = SampleAppliedAsync(alive, clock, applied, slowestMetrics, stop.Token);
        var status = SampleStatusAsync(alive, clock, owners, stop.Token);
        var producer = Task.Run(() => Produce(log, settings, clock, produced, stopProducing.Token));

        // Wait for the kill moment by the clock the samples are bucketed with.
        var untilKill = TimeSpan.FromSeconds(settings.Before) - clock.Elapsed;
        if (untilKill > TimeSpan.Zero)
        {
            await Task.Delay(untilKill);
        }

        var (victim, victimPartitions) = await ChooseVictimAsync(cluster.Silos);
        lock (alive)
        {
            alive.Remove(victim);
        }

        var killedAt = clock.Elapsed.TotalSeconds;
        victim.Kill();
        await Task.Delay(TimeSpan.FromSeconds(settings.After));
        await stopProducing.CancelAsync();
        await producer;
        await stop.CancelAsync();
        await Task.WhenAll(metrics, status);

        var watchedTo = (int)(clock.Elapsed / Bucket);
        return RecoveryRun.From(settings, applied[..watchedTo], produced[..watchedTo], owners, killedAt, victim.SiloPort, victimPartitions, Bucket)
            with { SlowestMetricsMs = slowestMetrics[0] };
    }

    /// <summary>Paces the producer to <c>Rate</c> per second until <paramref name="stop"/>, counting sends per bucket.</summary>
    private static void Produce(OrderLog log, RecoverySettings settings, Stopwatch clock, long[] produced, CancellationToken stop)
    {
        var interval = TimeSpan.FromSeconds(1.0 / settings.Rate);
        for (long i = 0; !stop.IsCancellationRequested; i++)
        {
            var wait = (interval * i) - clock.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                Thread.Sleep(wait);
            }

            var key = OrderLog.OrderId((int)(i % settings.Keys));
            log.Produce(key, OrderLog.OrderJson(key, 1 + (int)(i / settings.Keys)));
            Interlocked.Increment(ref produced[Math.Min(produced.Length - 1, (int)(clock.Elapsed / Bucket))]);
        }

        log.Producer.Flush(TimeSpan.FromMinutes(1));
    }

    /// <summary>Every 100 ms, each live silo's delivered counter; the increase since its previous sample goes to the current bucket.</summary>
    /// <remarks>
    /// An increase lands in the bucket its answer arrived in; <paramref name="slowest"/> keeps the slowest answer
    /// (ms), which bounds how finely the series resolves time.
    /// </remarks>
    private static async Task SampleAppliedAsync(List<SiloProcess> alive, Stopwatch clock, long[] applied, long[] slowest, CancellationToken stop)
    {
        var last = new Dictionary<SiloProcess, double>();
        using var timer = new PeriodicTimer(Bucket);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                SiloProcess[] silos;
                lock (alive)
                {
                    silos = [.. alive];
                }

                var asked = clock.ElapsedMilliseconds;
                var values = await Task.WhenAll(silos.Select(s => s.TryMetricSumAsync(DeliveredMetric, $"messaging_destination_name=\"{Topics.Orders}\"", stop)));
                slowest[0] = Math.Max(slowest[0], clock.ElapsedMilliseconds - asked);
                var bucket = Math.Min(applied.Length - 1, (int)(clock.Elapsed / Bucket));
                if (bucket % 10 == 0 && bucket > 0)
                {
                    Console.Error.WriteLine($"  {bucket / 10,3} s: {silos.Length} silos alive, {values.Count(v => v is not null)} answered /metrics, applied {applied[(bucket - 10)..bucket].Sum()} in the last second");
                }

                for (var i = 0; i < silos.Length; i++)
                {
                    if (values[i] is not { } value)
                    {
                        continue;
                    }

                    if (last.TryGetValue(silos[i], out var previous))
                    {
                        applied[bucket] += (long)(value - previous);
                    }

                    last[silos[i]] = value;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The run is over.
        }
    }

    /// <summary>Every 250 ms, the orders partitions' owners and committed lag as a live silo reports them.</summary>
    private static async Task SampleStatusAsync(
        List<SiloProcess> alive, Stopwatch clock, List<(double Seconds, IReadOnlyList<(int Partition, string? Owner, long Lag)> Partitions)> samples, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                SiloProcess reader;
                lock (alive)
                {
                    reader = alive[^1];
                }

                if (await reader.TryStatusAsync() is { } status)
                {
                    samples.Add((clock.Elapsed.TotalSeconds, Partitions(status)));
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The run is over.
        }
    }

    private static async Task<(SiloProcess Victim, int Partitions)> ChooseVictimAsync(IReadOnlyList<SiloProcess> silos)
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            if (await silos[^1].TryStatusAsync() is { } status)
            {
                var owned = Partitions(status);
                return silos
                    .Select(s => (Victim: s, Partitions: owned.Count(p => RecoveryRun.IsOwnedBy(p.Owner, s.SiloPort))))
                    .MaxBy(s => s.Partitions);
            }
        }

        throw new InvalidOperationException("No silo answered GET /v1/status when a victim was to be chosen.");
    }

    private static IReadOnlyList<(int Partition, string? Owner, long Lag)> Partitions(JsonElement status) =>
        [.. status.GetProperty("partitions").EnumerateArray()
            .Where(p => p.GetProperty("topic").GetString() == Topics.Orders)
            .Select(p => (
                p.GetProperty("partition").GetInt32(),
                p.GetProperty("owner").GetString(),
                p.GetProperty("highWatermark").GetInt64() - (p.GetProperty("committedOffset").ValueKind == JsonValueKind.Number ? p.GetProperty("committedOffset").GetInt64() : 0)))];
}
