using System.Globalization;

namespace ActorViews.Ingest;

/// <summary>The arguments of one measurement process: <c>--path P --bootstrap B --events N --keys K --timeout S</c>.</summary>
internal sealed record ChildArgs(string Path, string BootstrapServers, long Events, int Keys, TimeSpan PassTimeout)
{
    public static readonly string[] Paths = ["raw", "views", "streams"];

    public string[] ToArguments() =>
    [
        "--path", Path,
        "--bootstrap", BootstrapServers,
        "--events", Events.ToString(CultureInfo.InvariantCulture),
        "--keys", Keys.ToString(CultureInfo.InvariantCulture),
        "--timeout", PassTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture),
    ];

    public static ChildArgs Parse(IReadOnlyDictionary<string, string> options)
    {
        var path = options["path"];
        if (!Paths.Contains(path))
        {
            throw new ArgumentException($"--path must be one of {string.Join(", ", Paths)}, not '{path}'.");
        }

        return new ChildArgs(
            path,
            Required(options, "bootstrap"),
            long.Parse(Required(options, "events"), CultureInfo.InvariantCulture),
            int.Parse(Required(options, "keys"), CultureInfo.InvariantCulture),
            TimeSpan.FromSeconds(double.Parse(Required(options, "timeout"), CultureInfo.InvariantCulture)));
    }

    private static string Required(IReadOnlyDictionary<string, string> options, string name) =>
        options.TryGetValue(name, out var value) ? value : throw new ArgumentException($"--{name} is required with --path.");
}
