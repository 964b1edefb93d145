using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using ActorViews.Tests.Shared;

namespace ActorViews.Serve;

/// <summary>
/// Orders one at a time through the HTTP API at a steady rate: <c>POST /v1/orders</c>, then the long-poll
/// <c>GET /v1/orders/{id}/validated</c>, timed from just before the POST to the answer that shows the order
/// VALIDATED. Orders are started on a schedule (open loop), not after the previous one answered, so a slow
/// answer does not slow the offered rate down.
/// </summary>
internal static class WorkflowLatency
{
    // The longest a single long-poll waits; a later answer is waited for again until the run's timeout.
    private const int PollMilliseconds = 5_000;

    /// <param name="Storage">memory or postgres.</param>
    /// <param name="LingerMs">The silo producers' <c>linger.ms</c>.</param>
    /// <param name="Rate">Orders started per second, as achieved by the pacing thread.</param>
    /// <param name="Orders">Orders started.</param>
    /// <param name="NotValidated">Orders not seen VALIDATED within the timeout (refused, FAILED or late).</param>
    /// <param name="Problems">How many were not VALIDATED and what happened to the first, or anything else that went wrong; null when nothing did.</param>
    /// <param name="P50">POST to VALIDATED, median, ms, over the orders that were VALIDATED.</param>
    /// <param name="P99">The 99th percentile, ms.</param>
    /// <param name="P999">The 99.9th percentile, ms.</param>
    /// <param name="Max">The slowest, ms.</param>
    public sealed record Result(string Storage, int LingerMs, double Rate, int Orders, int NotValidated, string? Problems, double P50, double P99, double P999, double Max);

    /// <summary>A fresh silo with ample stock, one untimed second of orders, then <paramref name="runs"/> timed runs on it.</summary>
    public static async Task<List<Result>> RunAsync(string siloDll, bool postgres, int lingerMs, int rate, int seconds, int runs, TimeSpan timeout)
    {
        var storage = postgres ? "postgres" : "memory";

        // One caller writing at the bench's rate is above the gateway's per-caller default (100 writes/s); an
        // operator whose one client places every order raises the limit the same way. The limiter still runs.
        await using var cluster = await ServeCluster.StartAsync(siloDll, 1, postgres, lingerMs: 5, ["--Gateway:RateLimit:PermitLimit=1000000", .. BurstSetup.LingerSettings(lingerMs)]);
        var silo = cluster.Silos[0];
        await WorkflowOrders.StockUpAsync(silo);
        await WorkflowLag.WaitUntilDrainedAsync(silo, TimeSpan.FromMinutes(2));

        // JIT, connections, the three inventory views and the customers' views warm before timing.
        var warm = await MeasureAsync(silo, storage, lingerMs, "warm", rate, rate, timeout);
        Console.Error.WriteLine($"  {storage}, untimed warm-up: {warm.Orders} orders, p99 {Numbers.Ms(warm.P99)} ms");
        var results = new List<Result>();
        for (var run = 1; run <= runs; run++)
        {
            var result = await MeasureAsync(silo, storage, lingerMs, "steady" + run.ToString(CultureInfo.InvariantCulture), rate, rate * seconds, timeout);
            results.Add(result);
            Console.Error.WriteLine($"  {storage}, run {run}/{runs}: {result.Rate:N0} orders/s started, POST to VALIDATED p50 {Numbers.Ms(result.P50)} ms, p99 {Numbers.Ms(result.P99)} ms, max {Numbers.Ms(result.Max)} ms; {result.Problems ?? "every order VALIDATED"}");

            // The next run starts on a quiet silo, not on this run's leftovers.
            try
            {
                if (run < runs)
                {
                    await WorkflowLag.WaitUntilDrainedAsync(silo, timeout);
                }
            }
            catch (TimeoutException missed)
            {
                Console.Error.WriteLine($"  {storage}: {missed.Message} Later runs skipped.");
                results[^1] = result with { Problems = $"{result.Problems}{(result.Problems is null ? "" : "; ")}the silo did not drain within {timeout.TotalSeconds:0} s after run {run}, so runs {run + 1} to {runs} were skipped" };
                break;
            }
        }

        return results;
    }

    private static async Task<Result> MeasureAsync(SiloProcess silo, string storage, int lingerMs, string prefix, int rate, int orders, TimeSpan timeout)
    {
        var latencies = new Latencies(orders);
        var problems = new string?[orders];
        var placed = new Task[orders];
        var startSeconds = await Schedule.RunAsync(rate, orders, i =>
            placed[i] = Task.Run(async () => problems[i] = await PlaceAsync(silo.Http, WorkflowOrders.Created(prefix, i), latencies, timeout)));
        await Task.WhenAll(placed);
        var failed = problems.Where(p => p is not null).ToList();
        return new Result(storage, lingerMs, orders / startSeconds, orders, failed.Count, failed.Count == 0 ? null : $"{failed.Count} not VALIDATED, the first: {failed[0]}",
            latencies.Milliseconds(50), latencies.Milliseconds(99), latencies.Milliseconds(99.9), latencies.Milliseconds(100));
    }

    /// <returns>Null when the order was VALIDATED (its latency recorded), else what happened.</returns>
    private static async Task<string?> PlaceAsync(HttpClient http, Grains.Order order, Latencies latencies, TimeSpan timeout)
    {
        var sent = Stopwatch.GetTimestamp();
        try
        {
            using (var posted = await http.PostAsync("/v1/orders", WorkflowOrders.PostBody(order)))
            {
                if (posted.StatusCode != HttpStatusCode.Created)
                {
                    return $"POST answered {(int)posted.StatusCode}: {await posted.Content.ReadAsStringAsync()}";
                }
            }

            while (Stopwatch.GetElapsedTime(sent) < timeout)
            {
                var wait = Math.Min(PollMilliseconds, (long)(timeout - Stopwatch.GetElapsedTime(sent)).TotalMilliseconds);
                using var answer = await http.GetAsync($"/v1/orders/{Uri.EscapeDataString(order.Id)}/validated?timeout={Math.Max(0, wait)}");
                if (answer.StatusCode == HttpStatusCode.GatewayTimeout)
                {
                    continue;
                }

                if (answer.StatusCode != HttpStatusCode.OK)
                {
                    return $"GET .../validated answered {(int)answer.StatusCode}: {await answer.Content.ReadAsStringAsync()}";
                }

                using var body = JsonDocument.Parse(await answer.Content.ReadAsStreamAsync());
                var state = body.RootElement.GetProperty("order").GetProperty("state").GetString();
                if (state != "VALIDATED")
                {
                    return $"order {order.Id} settled {state}";
                }

                // An answer that came back after the timeout counts as late, however it reads.
                var answered = Stopwatch.GetTimestamp();
                if (Stopwatch.GetElapsedTime(sent, answered) > timeout)
                {
                    break;
                }

                latencies.Record(answered - sent);
                return null;
            }

            return $"order {order.Id} not VALIDATED within {timeout.TotalSeconds:0} s";
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return $"order {order.Id}: {ex.Message}";
        }
    }
}
