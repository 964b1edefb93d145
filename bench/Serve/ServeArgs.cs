using System.Globalization;

namespace ActorViews.Serve;

/// <summary>The command line of <c>bench/serve</c>: a subcommand and <c>--name value</c> options.</summary>
internal sealed class ServeArgs
{
    private static readonly string[] Commands = ["queries", "freshness", "recovery", "ecosystem", "rebuild", "all"];
    private readonly Dictionary<string, string> _options;
    private readonly HashSet<string> _read = [];

    private ServeArgs(string command, Dictionary<string, string> options)
    {
        Command = command;
        _options = options;
    }

    /// <summary>queries, freshness, recovery, ecosystem, rebuild or all.</summary>
    public string Command { get; }

    /// <summary>Repetitions per row; the tables show medians.</summary>
    public int Runs => Int("runs", 3, 1, 100);

    /// <summary>Where the <c>serve-*.md</c> files go.</summary>
    public string OutDirectory => String("out", Path.Combine(RepoRoot.Path, "bench", "results"));

    /// <summary>The Silo as built in Release.</summary>
    public string SiloDll => String("silo", Path.Combine(RepoRoot.Path, "Silo", "bin", "Release", "net10.0", "ActorViews.Silo.dll"));

    /// <summary>The ingest bench as built in Release; its raw path is the raw consumer row of the ecosystem bench.</summary>
    public string IngestDll => String("ingest", Path.Combine(RepoRoot.Path, "bench", "Ingest", "bin", "Release", "net10.0", "ActorViews.Ingest.dll"));

    public static ServeArgs Parse(string[] args)
    {
        if (args.Length == 0 || !Commands.Contains(args[0]))
        {
            throw new ArgumentException($"Give a subcommand first: {string.Join(", ", Commands)}.");
        }

        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 1; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 == args.Length)
            {
                throw new ArgumentException($"Options are '--name value'; '{args[i]}' is not.");
            }

            options[args[i][2..]] = args[++i];
        }

        return new ServeArgs(args[0], options);
    }

    public int Int(string name, int fallback, int min, int max)
    {
        _read.Add(name);
        if (!_options.TryGetValue(name, out var text))
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new ArgumentException($"--{name} must be a whole number from {min} to {max}; it is '{text}'.");
    }

    /// <summary>A comma-separated list of whole numbers, each from <paramref name="min"/> to <paramref name="max"/>.</summary>
    public int[] IntList(string name, string fallback, int min, int max)
    {
        var text = String(name, fallback);
        var values = text.Split(',', StringSplitOptions.TrimEntries);
        return values.All(v => int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
            ? [.. values.Select(v => int.Parse(v, CultureInfo.InvariantCulture))]
            : throw new ArgumentException($"--{name} is a comma-separated list of whole numbers from {min} to {max}; it is '{text}'.");
    }

    /// <summary>A comma-separated list of names, each one of <paramref name="allowed"/>, none twice.</summary>
    public string[] ChoiceList(string name, string fallback, params string[] allowed)
    {
        var text = String(name, fallback);
        var values = text.Split(',', StringSplitOptions.TrimEntries);
        return values.All(allowed.Contains) && values.Distinct().Count() == values.Length
            ? values
            : throw new ArgumentException($"--{name} is a comma-separated list of {string.Join(", ", allowed)}, each once; it is '{text}'.");
    }

    public string String(string name, string fallback)
    {
        _read.Add(name);
        return _options.TryGetValue(name, out var text) ? text : fallback;
    }

    /// <summary>The value of <c>--<paramref name="name"/></c>: <paramref name="fallback"/> or <paramref name="other"/>.</summary>
    public string Choice(string name, string fallback, string other)
    {
        var value = String(name, fallback);
        return value == fallback || value == other
            ? value
            : throw new ArgumentException($"--{name} is {fallback} or {other}, not '{value}'.");
    }

    /// <summary>Fails on options no bench of this run read, so a typo does not silently measure the default.</summary>
    public void RejectUnknown()
    {
        var unknown = _options.Keys.Where(k => !_read.Contains(k)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"Unknown option(s) for '{Command}': {string.Join(", ", unknown.Select(k => "--" + k))}.");
        }
    }
}
