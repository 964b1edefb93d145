using System.Diagnostics;
using System.Globalization;
using System.Text;
using ActorViews.Client;

namespace ActorViews.Serve;

/// <summary>
/// Row 5: point reads of warm order views, through the Orleans client (sequential and concurrent callers) and
/// through the HTTP gateway with wrk.
/// </summary>
internal static class QueriesBench
{
    private sealed record Row(string Path, string Load, double RequestsPerSecond, double P50, double P99, double P999);

    public static Func<Task> Prepare(ServeArgs args)
    {
        var orders = args.Int("orders", 10_000, 1, 1_000_000);
        var reads = args.Int("reads", 100_000, 1, 100_000_000);
        var callers = args.Int("callers", 16, 1, 1024);
        var seconds = args.Int("wrk-seconds", 20, 1, 3600);
        var connections = args.String("wrk-connections", "32,64").Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToArray();
        var postgres = args.Choice("storage", "memory", "postgres") == "postgres";
        var runs = args.Runs;
        var siloDll = args.SiloDll;
        var outDirectory = args.OutDirectory;
        return () => RunAsync(siloDll, outDirectory, orders, reads, callers, seconds, connections, postgres, runs);
    }

    private static async Task RunAsync(string siloDll, string outDirectory, int orders, int reads, int callers, int seconds, int[] connections, bool postgres, int runs)
    {
        Console.Error.WriteLine($"queries: {orders:N0} orders, {reads:N0} reads per client pass, {callers} concurrent callers, wrk {seconds} s at {string.Join("/", connections)} connections, {runs} run(s)");
        var machine = Numbers.Machine();
        await using var cluster = await ServeCluster.StartAsync(siloDll, 1, postgres, lingerMs: 20, []);
        var silo = cluster.Silos[0];
        cluster.Log.ProduceOrders(orders);
        await OrderLog.WaitUntilAppliedAsync(silo, orders, TimeSpan.FromMinutes(5));

        await using var client = await ActorViewsClient.ConnectAsync($"127.0.0.1:{silo.GatewayPort}", cluster.ClusterId);
        var wrk = new WrkRunner(silo.BaseAddress, orders);

        // One pass over every order first: the client's directory cache and the JIT are warm before timing.
        await ReadAsync(client, orders, orders, 1, seed: 0);

        var rows = new List<Row>();
        for (var run = 1; run <= runs; run++)
        {
            var (sequential, sequentialRate) = await ReadAsync(client, orders, reads, 1, seed: run);
            rows.Add(new Row("Orleans client", "1 caller, sequential", sequentialRate, sequential.Milliseconds(50), sequential.Milliseconds(99), sequential.Milliseconds(99.9)));
            var (concurrent, concurrentRate) = await ReadAsync(client, orders, reads, callers, seed: run);
            rows.Add(new Row("Orleans client", $"{callers} concurrent callers", concurrentRate, concurrent.Milliseconds(50), concurrent.Milliseconds(99), concurrent.Milliseconds(99.9)));
            foreach (var c in connections)
            {
                var result = await wrk.RunAsync(threads: 2, c, seconds);
                rows.Add(new Row("HTTP GET /v1/orders/{id}", $"wrk 2 threads, {c} connections, {seconds} s", result.RequestsPerSecond, result.P50, result.P99, result.P999));
            }

            Console.Error.WriteLine($"  run {run}/{runs}: " + string.Join("; ", rows.TakeLast(2 + connections.Length).Select(r => $"{r.Load} {r.RequestsPerSecond:N0} req/s p99 {r.P99:0.00} ms")));
        }

        var text = new StringBuilder();
        text.AppendLine("## Queries: point reads of order views");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"{orders:N0} orders ingested and applied first; reads spread uniformly over them; {reads:N0} reads per Orleans client pass; median of {runs} run(s) per row. Load generator, broker and silo share the machine ({machine}).");
        text.AppendLine();
        text.AppendLine("| path | load | req/s | p50 ms | p99 ms | p99.9 ms |");
        text.AppendLine("|---|---|---:|---:|---:|---:|");
        foreach (var group in rows.GroupBy(r => (r.Path, r.Load)))
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {group.Key.Path} | {group.Key.Load} | {Numbers.Rate(Numbers.Median(group.Select(r => r.RequestsPerSecond)))} | {Numbers.Ms(Numbers.Median(group.Select(r => r.P50)))} | {Numbers.Ms(Numbers.Median(group.Select(r => r.P99)))} | {Numbers.Ms(Numbers.Median(group.Select(r => r.P999)))} |");
        }

        ResultFile.Write(outDirectory, "serve-queries.md", text);
    }

    /// <summary>
    /// <paramref name="reads"/> reads of random orders split over <paramref name="callers"/> callers, each
    /// awaiting one read before the next; every read's latency and the overall rate.
    /// </summary>
    private static async Task<(Latencies Latencies, double RequestsPerSecond)> ReadAsync(ActorViewsClient client, int orders, int reads, int callers, int seed)
    {
        var clock = Stopwatch.StartNew();
        var all = await OrderReads.RunAsync(client, callers, seed, (random, read) => read < reads / callers ? random.Next(orders) : null);
        return (all, all.Count / clock.Elapsed.TotalSeconds);
    }
}
