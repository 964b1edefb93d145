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
        text.AppendLine("| keys | raw ev/s | views cold ev/s | views warm ev/s | streams cold ev/s | streams warm ev/s | views/raw cold | views/raw warm | views/streams cold | views/streams warm |");
        text.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var keys in args.Keys)
        {
            var raw = Median(results, keys, "raw", r => r.ColdRate);
            var viewsCold = Median(results, keys, "views", r => r.ColdRate);
            var viewsWarm = Median(results, keys, "views", r => r.WarmRate);
            var streamsCold = Median(results, keys, "streams", r => r.ColdRate);
            var streamsWarm = Median(results, keys, "streams", r => r.WarmRate);
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {keys:N0} | {Rate(raw)} | {Rate(viewsCold)} | {Rate(viewsWarm)} | {Rate(streamsCold)} | {Rate(streamsWarm)} | {Ratio(viewsCold, raw)} | {Ratio(viewsWarm, raw)} | {Ratio(viewsCold, streamsCold)} | {Ratio(viewsWarm, streamsWarm)} |");
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
