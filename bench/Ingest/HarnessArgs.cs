using System.Globalization;

namespace ActorViews.Ingest;

/// <summary>
/// The arguments of the parent: <c>[--quick] [--events N] [--keys K1,K2,...] [--runs R]
/// [--paths raw,views,durable,streams,streamiz] [--batch M] [--timeout S] [--out FILE]</c>.
/// </summary>
internal sealed record HarnessArgs(long Events, int[] Keys, int Runs, string[] Paths, TimeSpan PassTimeout, int MaxBatchSize, string? OutFile)
{
    /// <summary>What a bare run measures: the in-memory rows; durable and streamiz are asked for by name.</summary>
    public static readonly string[] DefaultPaths = ["raw", "views", "streams"];

    public static HarnessArgs Parse(IReadOnlyDictionary<string, string> options)
    {
        var quick = options.ContainsKey("quick");
        var events = long.Parse(Get(options, "events", quick ? "200000" : "1000000"), CultureInfo.InvariantCulture);
        var keys = Get(options, "keys", quick ? "1000,20000,200000" : "1000,100000,1000000")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(k => int.Parse(k, CultureInfo.InvariantCulture))
            .ToArray();
        var runs = int.Parse(Get(options, "runs", quick ? "1" : "3"), CultureInfo.InvariantCulture);
        var paths = Get(options, "paths", string.Join(',', DefaultPaths)).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var timeout = TimeSpan.FromSeconds(double.Parse(Get(options, "timeout", "240"), CultureInfo.InvariantCulture));
        // The provider's own default; the view paths read batches of up to this many events per partition.
        var batch = int.Parse(Get(options, "batch", "1024"), CultureInfo.InvariantCulture);
        options.TryGetValue("out", out var outFile);

        if (events < 1 || runs < 1 || batch < 1 || keys.Length == 0 || keys.Any(k => k < 1 || k > events))
        {
            throw new ArgumentException("--events, --runs, --batch must be positive and every key count between 1 and --events.");
        }

        if (paths.Except(ChildArgs.Paths).FirstOrDefault() is { } unknown)
        {
            throw new ArgumentException($"--paths: unknown path '{unknown}' (known: {string.Join(", ", ChildArgs.Paths)}).");
        }

        return new HarnessArgs(events, keys, runs, paths, timeout, batch, outFile);
    }

    private static string Get(IReadOnlyDictionary<string, string> options, string name, string fallback) =>
        options.TryGetValue(name, out var value) ? value : fallback;
}
