using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using ActorViews.Client;
using ActorViews.Tests.Shared;

namespace ActorViews.Serve;

/// <summary>
/// Issue 14's benchmark: <c>order-view</c> rebuilt over the whole log (<c>POST /v1/views/order-view/rebuild</c>)
/// beside the raw consumer reading as many messages; and point reads of order views while a rebuild runs against
/// the same reads on an idle silo. Each run rebuilds twice on one silo: first with nothing else running (the
/// rate), then with the readers going (their latency), so neither measure pays for the other.
/// </summary>
internal static class RebuildBench
{
    private const string View = "order-view";
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);

    private sealed record Run(double Seconds, double EventsPerSecond, Latencies Idle, Latencies During, double DuringSeconds);

    public static Func<Task> Prepare(ServeArgs args)
    {
        var events = args.Int("events", 1_000_000, 1, 10_000_000);
        var keys = args.Int("keys", 100_000, 1, 10_000_000);
        var callers = args.Int("callers", 4, 1, 256);
        var idleSeconds = args.Int("idle-seconds", 10, 1, 3600);
        var timeout = TimeSpan.FromSeconds(args.Int("timeout", 600, 1, 24 * 3600));
        var runs = args.Runs;
        var siloDll = args.SiloDll;
        var ingestDll = args.IngestDll;
        var outDirectory = args.OutDirectory;
        return async () =>
        {
            Console.Error.WriteLine($"rebuild: {events:N0} events over {keys:N0} orders, {callers} readers, {runs} run(s), {timeout.TotalSeconds:0} s timeout");
            var machine = Numbers.Machine();
            var results = new List<Run>();
            for (var run = 1; run <= runs; run++)
            {
                results.Add(await RunAsync(siloDll, events, keys, callers, idleSeconds, timeout));
            }

            var raw = await RawConsumerRow.MeasureAsync(ingestDll, events, runs, timeout);
            ResultFile.Write(outDirectory, "serve-rebuild.md", Render(machine, events, keys, callers, idleSeconds, runs, results, raw));
        };
    }

    private static async Task<Run> RunAsync(string siloDll, int events, int keys, int callers, int idleSeconds, TimeSpan timeout)
    {
        await using var cluster = await ServeCluster.StartAsync(siloDll, 1, postgres: false, lingerMs: 20, []);
        var silo = cluster.Silos[0];
        for (var i = 0; i < events; i++)
        {
            var id = OrderLog.OrderId(i % keys);
            cluster.Log.Produce(id, OrderLog.OrderJson(id, i / keys));
        }

        cluster.Log.Producer.Flush(TimeSpan.FromMinutes(5));
        await OrderLog.WaitUntilAppliedAsync(silo, events, timeout);
        await using var client = await ActorViewsClient.ConnectAsync($"127.0.0.1:{silo.GatewayPort}", cluster.ClusterId);
        var orders = Math.Min(events, keys);

        // Warm: every order read once, then the idle reads.
        await OrderReads.RunAsync(client, callers: 1, seed: 0, (_, read) => read < orders ? read : null);
        var idle = await ReadForAsync(client, orders, callers, TimeSpan.FromSeconds(idleSeconds), CancellationToken.None);

        var seconds = await RebuildAsync(silo, version: 2, timeout);
        Console.Error.WriteLine($"  rebuilt {View} over {events:N0} events in {seconds:0.0} s: {events / seconds:N0} events/s");

        using var stop = new CancellationTokenSource();
        var clock = Stopwatch.StartNew();
        var reading = ReadForAsync(client, orders, callers, Timeout.InfiniteTimeSpan, stop.Token);
        var duringSeconds = await RebuildAsync(silo, version: 3, timeout);
        await stop.CancelAsync();
        var during = await reading;
        Console.Error.WriteLine(
            $"  reads idle p50 {Numbers.Ms(idle.Milliseconds(50))} p99 {Numbers.Ms(idle.Milliseconds(99))} ms; during the second rebuild ({duringSeconds:0.0} s) p50 {Numbers.Ms(during.Milliseconds(50))} p99 {Numbers.Ms(during.Milliseconds(99))} ms");
        return new Run(seconds, events / seconds, idle, during, clock.Elapsed.TotalSeconds);
    }

    /// <summary>Starts a rebuild and waits until <c>GET /v1/views/order-view</c> lists <paramref name="version"/> live; returns the seconds it took.</summary>
    private static async Task<double> RebuildAsync(SiloProcess silo, int version, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        using (var started = await silo.Http.PostAsync($"/v1/views/{View}/rebuild", null))
        {
            if (!started.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"POST /v1/views/{View}/rebuild answered {(int)started.StatusCode}: {await started.Content.ReadAsStringAsync()}");
            }
        }

        var last = "no answer";
        while (clock.Elapsed < timeout)
        {
            using var response = await silo.Http.GetAsync($"/v1/views/{View}");
            last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
            if (response.IsSuccessStatusCode)
            {
                var view = JsonDocument.Parse(last[4..]).RootElement;
                if (view.GetProperty("version").GetInt32() == version && view.GetProperty("status").GetString() == "live")
                {
                    return clock.Elapsed.TotalSeconds;
                }
            }

            await Task.Delay(Poll);
        }

        throw new TimeoutException($"{View} was not live at version {version} within {timeout.TotalSeconds:0} s; last answer: {last}");
    }

    /// <summary>Reads random orders with <paramref name="callers"/> callers for <paramref name="duration"/> or until <paramref name="stop"/>.</summary>
    private static Task<Latencies> ReadForAsync(ActorViewsClient client, int orders, int callers, TimeSpan duration, CancellationToken stop)
    {
        var clock = Stopwatch.StartNew();
        return OrderReads.RunAsync(client, callers, seed: 1, (random, _) =>
            !stop.IsCancellationRequested && (duration == Timeout.InfiniteTimeSpan || clock.Elapsed < duration) ? random.Next(orders) : null);
    }

    private static StringBuilder Render(string machine, int events, int keys, int callers, int idleSeconds, int runs, List<Run> results, double raw)
    {
        var rate = Numbers.Median(results.Select(r => r.EventsPerSecond));
        var idleP99 = Numbers.Median(results.Select(r => r.Idle.Milliseconds(99)));
        var duringP99 = Numbers.Median(results.Select(r => r.During.Milliseconds(99)));
        var text = new StringBuilder();
        text.AppendLine("## Rebuilding order-view over the log");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"{events:N0} SHIPPED order events over {keys:N0} orders in `orders` (8 partitions), applied by a fresh in-memory silo; then `POST /v1/views/{View}/rebuild`, timed until `GET /v1/views/{View}` lists the new version live (every partition caught up and switched). The raw consumer (`bench/Ingest`'s raw path) reads as many messages. Reads: {callers} callers through the Orleans client, each awaiting one point read of a random order before the next, for {idleSeconds} s on the idle silo, then for the whole of a second rebuild. Median of {runs} run(s). Load generator, broker and silo share the machine ({machine}).");
        text.AppendLine();
        text.AppendLine("| path | events/s | ÷ raw | seconds |");
        text.AppendLine("|---|---:|---:|---:|");
        text.AppendLine(CultureInfo.InvariantCulture, $"| raw consumer, {events:N0} messages | {Numbers.Rate(raw)} | 1.00× | |");
        text.AppendLine(CultureInfo.InvariantCulture,
            $"| rebuild of {View}, in memory | {Numbers.Rate(rate)} | {(rate / raw).ToString("0.00", CultureInfo.InvariantCulture)}× | {Numbers.Median(results.Select(r => r.Seconds)).ToString("0.0", CultureInfo.InvariantCulture)} |");
        text.AppendLine();
        text.AppendLine("| point reads | reads | p50 ms | p99 ms | p99.9 ms | p99 ÷ idle |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|");
        text.AppendLine(CultureInfo.InvariantCulture,
            $"| idle | {Numbers.Median(results.Select(r => (double)r.Idle.Count)):N0} | {Numbers.Ms(Numbers.Median(results.Select(r => r.Idle.Milliseconds(50))))} | {Numbers.Ms(idleP99)} | {Numbers.Ms(Numbers.Median(results.Select(r => r.Idle.Milliseconds(99.9))))} | 1.00× |");
        text.AppendLine(CultureInfo.InvariantCulture,
            $"| during a rebuild | {Numbers.Median(results.Select(r => (double)r.During.Count)):N0} | {Numbers.Ms(Numbers.Median(results.Select(r => r.During.Milliseconds(50))))} | {Numbers.Ms(duringP99)} | {Numbers.Ms(Numbers.Median(results.Select(r => r.During.Milliseconds(99.9))))} | {(duringP99 / idleP99).ToString("0.00", CultureInfo.InvariantCulture)}× |");
        return text;
    }
}
