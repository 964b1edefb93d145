using System.Globalization;
using System.Text;

namespace ActorViews.Serve;

/// <summary>The tables of <c>serve-ecosystem.md</c>: medians over the runs that finished, ratios within the command.</summary>
internal static class EcosystemReport
{
    public static StringBuilder Render(
        string machine,
        int[] orders,
        BurstSetup[] setups,
        int runs,
        int rate,
        int seconds,
        TimeSpan timeout,
        List<WorkflowBurst.Result> bursts,
        Dictionary<int, (long Events, double Rate, string? Problem)> raw,
        List<WorkflowLatency.Result> latencies)
    {
        var text = new StringBuilder();
        text.AppendLine("## Orders workflow: a burst of CREATED orders to all VALIDATED");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"N CREATED orders (stock set to {WorkflowOrders.Stock:N0} per product first, products rotating over the three, 1,000 customers, 1 × 1.00 each: no fraud FAIL) produced at once by a Confluent producer configured as the gateway's (keyed by order ID, murmur2, LZ4, acks=all) into a fresh silo; timed from the first produce until all N are VALIDATED on `orders` (counted by a consumer of the bench's own) and `/v1/status` shows no lag on any topic of `Topics.All`. Events = messages written to those topics during the run, the N orders included; the silo read each of them. The raw consumer (`bench/Ingest`'s raw path, same process rules as row 1) reads that many messages. Median of the finished runs out of {runs}; timeout {timeout.TotalSeconds:0} s per run. Load generator, broker, PostgreSQL and silo share the machine ({machine}).");
        text.AppendLine();
        text.AppendLine("| orders | path | orders/s | events/s | events/s ÷ raw | events per order | all VALIDATED after s | drained after s | finished runs |");
        text.AppendLine("|---:|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var n in orders)
        {
            var (rawEvents, rawRate, _) = raw[n];
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {n:N0} | raw consumer, {rawEvents:N0} messages | | {Numbers.Rate(rawRate)} | {Ratio(rawRate, rawRate)} | | | | |");
            foreach (var setup in setups)
            {
                var cells = bursts.Where(b => b.Orders == n && b.Setup == setup).ToList();
                var done = cells.Where(b => b.Finished).ToList();
                var eventsPerSecond = Numbers.Median(done.Select(b => b.EventsPerSecond));
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"| {n:N0} | workflow, {setup.Label} | {Numbers.Rate(Numbers.Median(done.Select(b => b.OrdersPerSecond)))} | {Numbers.Rate(eventsPerSecond)} | {Ratio(eventsPerSecond, rawRate)} | {Decimal(Numbers.Median(done.Select(b => (double)b.Events / b.Orders)))} | {Decimal(Numbers.Median(done.Select(b => b.ValidatedSeconds)))} | {Decimal(Numbers.Median(done.Select(b => b.DrainedSeconds)))} | {done.Count} of {cells.Count} |");
            }
        }

        if (orders.Length > 1)
        {
            var (least, most) = (orders.Min(), orders.Max());
            text.AppendLine();
            var ratios = string.Join("; ", setups.Select(setup =>
                $"{setup.Label} {Ratio(MedianOrdersPerSecond(bursts, most, setup), MedianOrdersPerSecond(bursts, least, setup))}"));
            text.AppendLine(CultureInfo.InvariantCulture, $"As history grows: orders/s at {most:N0} orders ÷ orders/s at {least:N0}: {ratios}.");
        }

        var problems = bursts.Where(b => b.Problem is not null).Select(b => $"- {b.Orders:N0} orders, {b.Setup.Label}: {b.Problem}")
            .Concat(raw.Where(r => r.Value.Problem is not null).Select(r => $"- raw consumer beside {r.Key:N0} orders: {r.Value.Problem}"))
            .ToList();
        if (problems.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("Runs that did not finish (how far they got):");
            text.AppendLine();
            problems.ForEach(p => text.AppendLine(p));
        }

        if (latencies.Count == 0)
        {
            // --rate 0: no steady-rate part was run.
            return text;
        }

        text.AppendLine();
        text.AppendLine("## Orders workflow: one order at a time over HTTP, POST to VALIDATED");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"A fresh silo with ample stock; orders started on a schedule at {rate:N0}/s for {seconds} s (open loop, one untimed second first), each `POST /v1/orders` followed by the long-poll `GET /v1/orders/{{id}}/validated`; latency from just before the POST to the answer showing VALIDATED. Median of {runs} run(s) on the same silo.");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"| storage | orders/s started | orders | p50 ms | p99 ms | p99.9 ms | max ms | not VALIDATED within {timeout.TotalSeconds:0} s |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var group in latencies.GroupBy(l => (l.Storage, l.LingerMs)))
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {Label(group.Key.Storage)}{BurstSetup.LingerLabel(group.Key.LingerMs)} | {Numbers.Rate(Numbers.Median(group.Select(l => l.Rate)))} | {Numbers.Rate(Numbers.Median(group.Select(l => (double)l.Orders)))} | {Numbers.Ms(Numbers.Median(group.Select(l => l.P50)))} | {Numbers.Ms(Numbers.Median(group.Select(l => l.P99)))} | {Numbers.Ms(Numbers.Median(group.Select(l => l.P999)))} | {Numbers.Ms(Numbers.Median(group.Select(l => l.Max)))} | {group.Sum(l => l.NotValidated)} |");
        }

        var late = latencies.Where(l => l.Problems is not null).Select(l => $"- {Label(l.Storage)}{BurstSetup.LingerLabel(l.LingerMs)}: {l.Problems}").ToList();
        if (late.Count > 0)
        {
            text.AppendLine();
            late.ForEach(l => text.AppendLine(l));
        }

        return text;
    }

    private static double MedianOrdersPerSecond(List<WorkflowBurst.Result> bursts, int orders, BurstSetup setup) =>
        Numbers.Median(bursts.Where(b => b.Orders == orders && b.Setup == setup && b.Finished).Select(b => b.OrdersPerSecond));

    private static string Label(string storage) => storage == "postgres" ? "on PostgreSQL" : "in memory";

    private static string Ratio(double value, double over) =>
        double.IsNaN(value) || double.IsNaN(over) ? "-" : (value / over).ToString("0.00", CultureInfo.InvariantCulture) + "×";

    private static string Decimal(double value) => double.IsNaN(value) ? "-" : value.ToString("0.0", CultureInfo.InvariantCulture);
}
