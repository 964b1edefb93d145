using System.Diagnostics;
using System.Globalization;
using System.Text;
using ActorViews.Client;
using ActorViews.Grains;
using ActorViews.Streaming.Kafka;
using Confluent.Kafka;

namespace ActorViews.Serve;

/// <summary>
/// Row 6: how long after a plain producer sends an event a reader sees it in its view, at a steady rate.
/// </summary>
/// <remarks>
/// For every Nth event the producer's delivery report gives the event's partition and offset; a reader then
/// calls the view's long-poll <see cref="IOrderView.WaitAsync"/> through the Orleans client with that
/// position, which returns as soon as the view has applied it (woken by the apply, not by polling). Freshness
/// is from just before <c>Produce</c> to the reader having the answer: an upper bound that includes the
/// producer's batching, the broker acknowledgement and one client round trip.
/// </remarks>
internal static class FreshnessBench
{
    private static readonly TimeSpan GiveUp = TimeSpan.FromSeconds(60);

    private sealed record Run(double Rate, int Samples, int Missed, double AckP50, double AckP99, double P50, double P99, double P999, double Max, double DrainSeconds);

    public static Func<Task> Prepare(ServeArgs args)
    {
        var rate = args.Int("rate", 5_000, 1, 1_000_000);
        var seconds = args.Int("seconds", 30, 1, 3600);
        var keys = args.Int("keys", 10_000, 1, 1_000_000);
        var every = args.Int("sample-every", 10, 1, 1_000_000);
        var linger = args.Int("linger-ms", 1, 0, 1000);
        var postgres = args.Choice("storage", "postgres", "memory") == "postgres";
        var runs = args.Runs;
        var siloDll = args.SiloDll;
        var outDirectory = args.OutDirectory;
        return async () =>
        {
            Console.Error.WriteLine($"freshness: {rate:N0} events/s for {seconds} s over {keys:N0} keys, every {every}th event read back, {(postgres ? "PostgreSQL" : "in-memory")} storage, {runs} run(s)");
            var machine = Numbers.Machine();
            await using var cluster = await ServeCluster.StartAsync(siloDll, 1, postgres, linger, []);
            var silo = cluster.Silos[0];

            // Every key's view is active and stored before timing: steady state, not first activation.
            cluster.Log.ProduceOrders(keys);
            var produced = (long)keys;
            await OrderLog.WaitUntilAppliedAsync(silo, produced, TimeSpan.FromMinutes(5));
            await using var client = await ActorViewsClient.ConnectAsync($"127.0.0.1:{silo.GatewayPort}", cluster.ClusterId);

            var results = new List<Run>();
            for (var run = 1; run <= runs; run++)
            {
                var result = await MeasureAsync(cluster.Log, client, rate, seconds, keys, every, version: run);
                produced += (long)rate * seconds;

                // The next run starts from a drained log; how long draining takes says whether the rate was sustainable.
                var drain = await OrderLog.WaitUntilAppliedAsync(silo, produced, TimeSpan.FromMinutes(5));
                result = result with { DrainSeconds = drain.TotalSeconds };
                results.Add(result);
                Console.Error.WriteLine($"  run {run}/{runs}: {result.Rate:N0} ev/s produced, {result.Samples} read back, p50 {result.P50:0.0} ms, p99 {result.P99:0.0} ms, max {result.Max:0.0} ms, {result.Missed} not visible within {GiveUp.TotalSeconds} s, log drained {result.DrainSeconds:0.0} s after the reads");
            }

            var text = new StringBuilder();
            text.AppendLine("## Freshness: produce to visible in the view");
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture,
                $"A Confluent producer (linger.ms={linger}, acks=leader) writes SHIPPED orders at {rate:N0} events/s for {seconds} s over {keys:N0} warm order views ({(postgres ? "stored in PostgreSQL" : "in memory")}); one silo. For every {every}th event a reader long-polls the view through the Orleans client (`IOrderView.WaitAsync` with the event's partition and offset from the delivery report) and the time from just before `Produce` to the reader's answer is recorded. Median of {runs} run(s). A sample not visible within {GiveUp.TotalSeconds} s is counted, not timed. Load generator, broker, PostgreSQL and silo share the machine ({machine}).");
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"\"Drained\" is how long after the last reader answered the silo reported every event committed (commits run every second): well above 1 s means the silo did not keep up with the rate.");
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"| produced ev/s | samples | not visible in {GiveUp.TotalSeconds} s | broker ack p50 / p99 ms | visible p50 ms | p99 ms | p99.9 ms | max ms | drained s |");
            text.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {Numbers.Rate(Numbers.Median(results.Select(r => r.Rate)))} | {Numbers.Median(results.Select(r => (double)r.Samples)):0} | {Numbers.Median(results.Select(r => (double)r.Missed)):0} | {Numbers.Ms(Numbers.Median(results.Select(r => r.AckP50)))} / {Numbers.Ms(Numbers.Median(results.Select(r => r.AckP99)))} | {Numbers.Ms(Numbers.Median(results.Select(r => r.P50)))} | {Numbers.Ms(Numbers.Median(results.Select(r => r.P99)))} | {Numbers.Ms(Numbers.Median(results.Select(r => r.P999)))} | {Numbers.Ms(Numbers.Median(results.Select(r => r.Max)))} | {Numbers.Median(results.Select(r => r.DrainSeconds)):0.0} |");
            ResultFile.Write(outDirectory, "serve-freshness.md", text);
        };
    }

    private static async Task<Run> MeasureAsync(OrderLog log, ActorViewsClient client, int rate, int seconds, int keys, int every, int version)
    {
        var visible = new Latencies();
        var acked = new Latencies();
        var readers = new List<Task>();
        var missed = 0;
        var total = rate * seconds;
        var produceSeconds = await Schedule.RunAsync(rate, total, i =>
        {
            var key = OrderLog.OrderId(i % keys);
            var sent = Stopwatch.GetTimestamp();
            Action<DeliveryReport<string, byte[]>>? delivered = null;
            if (i % every == 0)
            {
                delivered = report =>
                {
                    acked.Record(Stopwatch.GetTimestamp() - sent);
                    if (report.Error.IsError)
                    {
                        Interlocked.Increment(ref missed);
                        return;
                    }

                    var position = new KafkaPosition(report.Topic, report.Partition.Value, report.Offset.Value);
                    var reader = Task.Run(async () =>
                    {
                        // Long-polls are bounded (ViewWaits.MaxTimeout); a view that is far behind is waited
                        // for again, so a lagging view shows as a long freshness rather than a gap.
                        var view = client.Grains.GetGrain<IOrderView>(key);
                        while (!(await view.WaitAsync(OrderWaitCondition.Present, position, ViewWaits.MaxTimeout)).Satisfied)
                        {
                            if (Stopwatch.GetElapsedTime(sent) > GiveUp)
                            {
                                Interlocked.Increment(ref missed);
                                return;
                            }
                        }

                        visible.Record(Stopwatch.GetTimestamp() - sent);
                    });
                    lock (readers)
                    {
                        readers.Add(reader);
                    }
                };
            }

            log.Produce(key, OrderLog.OrderJson(key, version), delivered);
        });
        log.Producer.Flush(TimeSpan.FromMinutes(1));
        Task[] pending;
        lock (readers)
        {
            pending = [.. readers];
        }

        await Task.WhenAll(pending);
        return new Run(total / produceSeconds, visible.Count, missed, acked.Milliseconds(50), acked.Milliseconds(99),
            visible.Milliseconds(50), visible.Milliseconds(99), visible.Milliseconds(99.9), visible.Milliseconds(100), double.NaN);
    }
}
