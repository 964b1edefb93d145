using System.Globalization;
using ActorViews.Streaming.Kafka;
using Confluent.Kafka;

namespace ActorViews.Serve;

/// <summary>
/// Issue 12's benchmark: the orders workflow (CREATED to VALIDATED through every check) in bursts of N orders
/// beside the raw consumer reading as many messages, in memory and on PostgreSQL; then one order at a time
/// through the HTTP API at a steady rate, POST to VALIDATED.
/// </summary>
internal static class EcosystemBench
{
    public static Func<Task> Prepare(ServeArgs args)
    {
        var orders = args.IntList("orders", "10000,100000", 1, WorkflowOrders.MaxOrders);
        var storages = args.ChoiceList("storage", "memory,postgres", "memory", "postgres");
        var silos = args.IntList("silos", "1", 1, 3);
        var affinities = args.ChoiceList("affinity", "on", "on", "off").Select(a => a == "on").ToArray();
        var lingers = args.IntList("silo-linger-ms", KafkaClientConfig.DefaultLingerMs.ToString(CultureInfo.InvariantCulture), 0, 1000);
        var groupCommits = args.ChoiceList("group-commit", "on", "on", "off").Select(g => g == "on").ToArray();
        var setups = BurstSetup.Combine(storages, silos, affinities, lingers, groupCommits);
        // 0 skips the steady-rate part.
        var rate = args.Int("rate", 500, 0, 100_000);
        var seconds = args.Int("seconds", 30, 1, 3600);
        var timeout = TimeSpan.FromSeconds(args.Int("timeout", 300, 1, 24 * 3600));
        var runs = args.Runs;
        var siloDll = args.SiloDll;
        var ingestDll = args.IngestDll;
        var outDirectory = args.OutDirectory;
        return async () =>
        {
            Console.Error.WriteLine($"ecosystem: bursts of {string.Join(", ", orders.Select(n => n.ToString("N0", CultureInfo.InvariantCulture)))} orders, {string.Join("; ", setups.Select(s => s.Label))}, {(rate > 0 ? $"then {rate:N0} orders/s for {seconds} s over HTTP" : "no steady rate")}; {runs} run(s), {timeout.TotalSeconds:0} s timeout");
            var machine = Numbers.Machine();
            var bursts = new List<WorkflowBurst.Result>();
            var raw = new Dictionary<int, (long Events, double Rate, string? Problem)>();
            foreach (var n in orders)
            {
                for (var run = 1; run <= runs; run++)
                {
                    // Set-ups interleaved, each run on fresh silos and broker, so drift over the command hits all.
                    foreach (var setup in setups)
                    {
                        bursts.Add(await BurstAsync(siloDll, n, setup, timeout));
                    }
                }

                raw[n] = await RawAsync(ingestDll, bursts.Where(b => b.Orders == n && b.Finished).ToList(), runs, timeout);
            }

            var latencies = new List<WorkflowLatency.Result>();
            foreach (var storage in rate > 0 ? storages : [])
            {
                foreach (var linger in lingers)
                {
                    latencies.AddRange(await LatencyAsync(siloDll, storage, linger, rate, seconds, runs, timeout));
                }
            }

            ResultFile.Write(outDirectory, "serve-ecosystem.md", EcosystemReport.Render(machine, orders, setups, runs, rate, seconds, timeout, bursts, raw, latencies));
        };
    }

    /// <summary>One burst; a failure to start (silo, PostgreSQL, stock) is reported as that run's problem, not thrown.</summary>
    private static async Task<WorkflowBurst.Result> BurstAsync(string siloDll, int orders, BurstSetup setup, TimeSpan timeout)
    {
        try
        {
            return await WorkflowBurst.RunAsync(siloDll, orders, setup, timeout);
        }
        catch (Exception ex) when (IsRunFailure(ex))
        {
            var problem = Failed($"{orders:N0} orders, {setup.Label}", ex);
            return new WorkflowBurst.Result(orders, setup, false, double.NaN, double.NaN, 0, 0, 0, -1, problem);
        }
    }

    private static async Task<List<WorkflowLatency.Result>> LatencyAsync(string siloDll, string storage, int lingerMs, int rate, int seconds, int runs, TimeSpan timeout)
    {
        try
        {
            return await WorkflowLatency.RunAsync(siloDll, storage == "postgres", lingerMs, rate, seconds, runs, timeout);
        }
        catch (Exception ex) when (IsRunFailure(ex))
        {
            var problem = Failed($"{storage}, steady rate", ex);
            return [new WorkflowLatency.Result(storage, lingerMs, double.NaN, 0, 0, problem, double.NaN, double.NaN, double.NaN, double.NaN)];
        }
    }

    /// <summary>The raw consumer over as many messages as the finished bursts of one size moved (their median).</summary>
    private static async Task<(long Events, double Rate, string? Problem)> RawAsync(string ingestDll, List<WorkflowBurst.Result> finished, int runs, TimeSpan timeout)
    {
        if (finished.Count == 0)
        {
            return (0, double.NaN, "no workflow run finished, so there is no message count to read");
        }

        var events = (long)Numbers.Median(finished.Select(b => (double)b.Events));
        Console.Error.WriteLine($"  raw consumer: {events:N0} messages, {runs} run(s)");
        try
        {
            return (events, await RawConsumerRow.MeasureAsync(ingestDll, events, runs, timeout), null);
        }
        catch (Exception ex) when (IsRunFailure(ex))
        {
            return (events, double.NaN, Failed("raw consumer", ex));
        }
    }

    /// <summary>
    /// What ends one run but not the command: a deadline missed, a silo or PostgreSQL that would not start, an HTTP
    /// call or broker query that failed.
    /// </summary>
    private static bool IsRunFailure(Exception failure) =>
        failure is TimeoutException or InvalidOperationException or HttpRequestException or TaskCanceledException or KafkaException;

    /// <summary>The first line of what went wrong (silo output follows in the full message), logged for <paramref name="what"/>.</summary>
    private static string Failed(string what, Exception failure)
    {
        var problem = failure.Message.Split('\n')[0];
        Console.Error.WriteLine($"  {what}: {problem}");
        return problem;
    }
}
