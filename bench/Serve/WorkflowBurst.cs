using System.Diagnostics;
using System.Globalization;
using ActorViews.Grains;
using ActorViews.Streaming.Kafka;
using Confluent.Kafka;

namespace ActorViews.Serve;

/// <summary>
/// One burst: a fresh silo with ample stock, N CREATED orders produced at once, timed from the first produce
/// until all N are VALIDATED and the silo has committed every message of the workflow's topics.
/// </summary>
internal static class WorkflowBurst
{
    /// <param name="Orders">Orders produced.</param>
    /// <param name="Setup">Storage, silos and placement.</param>
    /// <param name="Finished">All N VALIDATED and every topic drained within the timeout.</param>
    /// <param name="ValidatedSeconds">From the first produce to the N-th VALIDATED on <c>orders</c>; NaN when not reached.</param>
    /// <param name="DrainedSeconds">From the first produce to the first status answer with no lag after that; NaN when not reached.</param>
    /// <param name="Events">Messages written to the workflow's topics during the run (the produced orders included); each was read by the silo once it drained.</param>
    /// <param name="Validated">Orders seen VALIDATED.</param>
    /// <param name="Failed">Orders seen FAILED (none expected).</param>
    /// <param name="Lag">Messages left uncommitted at the last status answer.</param>
    /// <param name="Problem">Why the run does not count (timeout, FAILED orders, dead letters, a truncated log), or null.</param>
    public sealed record Result(
        int Orders, BurstSetup Setup, bool Finished, double ValidatedSeconds, double DrainedSeconds, long Events, int Validated, int Failed, long Lag, string? Problem)
    {
        public double OrdersPerSecond => Finished ? Orders / DrainedSeconds : double.NaN;

        public double EventsPerSecond => Finished ? Events / DrainedSeconds : double.NaN;
    }

    public static async Task<Result> RunAsync(string siloDll, int orders, BurstSetup setup, TimeSpan timeout)
    {
        await using var cluster = await ServeCluster.StartAsync(siloDll, setup.Silos, setup.Postgres, lingerMs: 5, setup.Settings);
        var silo = cluster.Silos[0];
        await WorkflowOrders.StockUpAsync(silo);
        await WorkflowLag.WaitUntilDrainedAsync(silo, TimeSpan.FromMinutes(2));

        var before = LogWatermarks.Read(cluster.Log.BootstrapServers);
        var ordersBefore = before[Topics.Orders].Written;
        const string prefix = "burst";
        using var counter = new ValidatedCounter(cluster.Log.BootstrapServers, prefix, orders);

        // The producer the gateway publishes with (murmur2, LZ4, acks=all, linger 5 ms), keyed by order ID.
        using var producer = new ProducerBuilder<string, byte[]>(KafkaClientConfig.ForProducer(cluster.Log.BootstrapServers, [], "bench-orders")).Build();
        var refused = 0;
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < orders; i++)
        {
            var order = WorkflowOrders.Created(prefix, i);
            OrderLog.Produce(producer, order.Id, WorkflowOrders.Json(order), report =>
            {
                if (report.Error.IsError)
                {
                    Interlocked.Increment(ref refused);
                }
            });
        }

        producer.Flush(timeout);
        Console.Error.WriteLine($"  {orders:N0} orders produced in {Stopwatch.GetElapsedTime(start).TotalSeconds:0.0} s");

        // Lag 0 counts only in an answer that has seen every VALIDATED written (status answers may be up to a
        // second old): orders then holds at least the N CREATED and N VALIDATED events.
        WorkflowLag? last = null;
        double drained = double.NaN;
        while (Stopwatch.GetElapsedTime(start) < timeout && Volatile.Read(ref refused) == 0 && counter.Failed == 0 && !cluster.Silos.Any(s => s.HasExited))
        {
            if (counter.AllValidatedAt is not null
                && (last = await WorkflowLag.TryReadAsync(silo) ?? last) is { Lag: 0 } seen
                && seen.OrdersWritten >= ordersBefore + (2L * orders))
            {
                drained = Stopwatch.GetElapsedTime(start).TotalSeconds;
                break;
            }

            // A polling interval for the status page, which the silo refreshes at most once a second anyway.
            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }

        last ??= await WorkflowLag.TryReadAsync(silo);
        var validatedAt = counter.AllValidatedAt;
        var after = LogWatermarks.Read(cluster.Log.BootstrapServers);
        var events = Topics.All.Sum(t => after[t].Written - before[t].Written);
        var deadLetters = Topics.All.Sum(t => after[t + ".dlq"].Written - before[t + ".dlq"].Written);
        var truncated = after.Where(t => t.Value.Truncated).Select(t => t.Key).ToList();
        var problem =
            refused > 0 ? $"the broker refused {refused} order(s)"
            : cluster.Silos.Any(s => s.HasExited) ? "a silo exited"
            : counter.Failed > 0 ? $"{counter.Failed} order(s) FAILED (stock, fraud or details): the data set is wrong"
            : double.IsNaN(drained) ? $"not finished in {timeout.TotalSeconds:0} s: {counter.Validated:N0} of {orders:N0} VALIDATED, {last?.Lag.ToString("N0", CultureInfo.InvariantCulture) ?? "unknown"} message(s) not committed"
            : deadLetters > 0 ? $"{deadLetters} dead letter(s)"
            : truncated.Count > 0 ? $"the broker dropped the start of {string.Join(", ", truncated)}: too many messages for its retention"
            : null;
        var result = new Result(
            orders,
            setup,
            problem is null,
            validatedAt is { } at ? Stopwatch.GetElapsedTime(start, at).TotalSeconds : double.NaN,
            drained,
            events,
            counter.Validated,
            counter.Failed,
            last?.Lag ?? -1,
            problem);
        Console.Error.WriteLine(problem is null
            ? $"  {orders:N0} orders, {setup.Label}: all VALIDATED after {result.ValidatedSeconds:0.00} s, drained after {result.DrainedSeconds:0.00} s: {result.OrdersPerSecond:N0} orders/s, {events:N0} events ({result.EventsPerSecond:N0} events/s)"
            : $"  {orders:N0} orders, {setup.Label}: {problem}");
        return result;
    }
}
