using System.Globalization;
using System.Text;

namespace ActorViews.Ingest;

/// <summary>Renders the medians of the runs as markdown tables.</summary>
internal static class ResultTable
{
    public static string Render(HarnessArgs args, IReadOnlyList<ChildResult> results, IReadOnlyList<string> failures)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{args.Events:N0} events, 8 partitions, median of {args.Runs} fresh process(es) per cell; ev/s = events / seconds from start to last event applied.");
        text.AppendLine();
        var columns = RateColumns(args.Paths);
        text.AppendLine("| keys | " + string.Join(" | ", columns.Select(c => c.Title)) + " |");
        text.AppendLine("|---:|" + string.Concat(columns.Select(_ => "---:|")));
        foreach (var keys in args.Keys)
        {
            var cells = columns.Select(c => c.Cell(results, keys));
            text.AppendLine(CultureInfo.InvariantCulture, $"| {keys:N0} | {string.Join(" | ", cells)} |");
        }

        if (args.Paths.Contains(ChildArgs.Durable))
        {
            text.AppendLine();
            text.AppendLine("durable: every run read all view rows back from PostgreSQL and found each key's count exact (0 lost, 0 doubled); a run that did not is listed as failed.");
            foreach (var keys in args.Keys)
            {
                var perWrite = Median(results, keys, ChildArgs.Durable, r => r.StoredWrites is { } w and > 0 ? r.StoredEvents / (double)w : null);
                text.AppendLine(CultureInfo.InvariantCulture, $"- {keys:N0} keys: {(perWrite is { } p ? p.ToString("0.0", CultureInfo.InvariantCulture) : "—")} events per PostgreSQL write (MaxBatchSize {args.MaxBatchSize:N0}).");
            }
        }

        text.AppendLine();
        text.AppendLine("| keys | path | heap kept per view (B) | state alone (B) | peak working set (MiB) | allocated B/event cold | allocated B/event warm | GC pause cold (s) | GC pause warm (s) |");
        text.AppendLine("|---:|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var keys in args.Keys)
        {
            var state = Median(results, keys, "raw", r => r.StateBytesPerKey);
            foreach (var path in args.Paths)
            {
                if (!results.Any(r => r.Keys == keys && r.Path == path))
                {
                    continue;
                }

                text.AppendLine(CultureInfo.InvariantCulture,
                    $"| {keys:N0} | {path} | {Number(Median(results, keys, path, r => r.HeapBytesPerView))} | {(path == "raw" ? "" : Number(state))} | {Number(Median(results, keys, path, r => r.PeakWorkingSetBytes / 1048576.0))} | {Number(Median(results, keys, path, r => r.ColdAllocatedBytesPerEvent))} | {Number(Median(results, keys, path, r => r.WarmAllocatedBytesPerEvent))} | {Seconds(Median(results, keys, path, r => r.ColdGcPauseSeconds))} | {Seconds(Median(results, keys, path, r => r.WarmGcPauseSeconds))} |");
            }
        }

        if (failures.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("Failed measurements (excluded from the medians):");
            foreach (var failure in failures)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"- {failure.Split('\n')[0]}");
            }
        }

        return text.ToString();
    }

    private sealed record Column(string Title, Func<IReadOnlyList<ChildResult>, int, string> Cell);

    // Rates of the paths run, in the order given, then the ratios whose both sides were run.
    private static List<Column> RateColumns(string[] paths)
    {
        var columns = new List<Column>();
        foreach (var path in paths)
        {
            if (path is "raw" or "streamiz")
            {
                columns.Add(new Column($"{path} ev/s", (results, keys) => Rate(Median(results, keys, path, r => r.ColdRate))));
            }
            else
            {
                columns.Add(new Column($"{path} cold ev/s", (results, keys) => Rate(Median(results, keys, path, r => r.ColdRate))));
                columns.Add(new Column($"{path} warm ev/s", (results, keys) => Rate(Median(results, keys, path, r => r.WarmRate))));
            }
        }

        (string Of, string To, bool Warm)[] ratios =
        [
            ("views", "raw", false), ("views", "raw", true), ("views", "streams", false), ("views", "streams", true),
            (ChildArgs.Durable, "raw", false), (ChildArgs.Durable, "views", false),
            // Both read the topic from the beginning in a fresh process, so views cold is the like-for-like side.
            ("views", "streamiz", false),
        ];
        foreach (var (of, to, warm) in ratios.Where(r => paths.Contains(r.Of) && paths.Contains(r.To)))
        {
            var title = to == "streamiz" ? $"{of} cold/{to}" : $"{of}/{to} {(warm ? "warm" : "cold")}";
            columns.Add(new Column(title, (results, keys) => Ratio(
                Median(results, keys, of, r => warm ? r.WarmRate : r.ColdRate),
                // raw and streamiz have one pass only: warm views are set against it, as in earlier tables.
                Median(results, keys, to, r => warm && to is not ("raw" or "streamiz") ? r.WarmRate : r.ColdRate))));
        }

        return columns;
    }

    private static double? Median(IEnumerable<ChildResult> results, int keys, string path, Func<ChildResult, double?> select)
    {
        var values = results.Where(r => r.Keys == keys && r.Path == path).Select(select).OfType<double>().Order().ToArray();
        if (values.Length == 0)
        {
            return null;
        }

        var mid = values.Length / 2;
        return values.Length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }

    private static string Rate(double? value) => value is { } v ? v.ToString("N0", CultureInfo.InvariantCulture) : "—";

    private static string Number(double? value) => value is { } v ? v.ToString("N0", CultureInfo.InvariantCulture) : "—";

    private static string Seconds(double? value) => value is { } v ? v.ToString("0.00", CultureInfo.InvariantCulture) : "—";

    private static string Ratio(double? a, double? b) => a is { } x && b is { } y && y > 0 ? (x / y).ToString("0.00", CultureInfo.InvariantCulture) + "×" : "—";
}
