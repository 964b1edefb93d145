using System.Globalization;

namespace ActorViews.Ingest;

/// <summary>
/// The arguments of one measurement process: <c>--path P --bootstrap B --events N --keys K --timeout S --batch M
/// [--postgres CONNECTION]</c>.
/// </summary>
internal sealed record ChildArgs(string Path, string BootstrapServers, long Events, int Keys, TimeSpan PassTimeout, int MaxBatchSize, string? PostgresConnectionString = null)
{
    public const string Durable = "durable";

    public static readonly string[] Paths = ["raw", "views", Durable, "streams", "streamiz"];

    public string[] ToArguments() =>
    [
        "--path", Path,
        "--bootstrap", BootstrapServers,
        "--events", Events.ToString(CultureInfo.InvariantCulture),
        "--keys", Keys.ToString(CultureInfo.InvariantCulture),
        "--timeout", PassTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture),
        "--batch", MaxBatchSize.ToString(CultureInfo.InvariantCulture),
        .. PostgresConnectionString is { } postgres ? ["--postgres", postgres] : Array.Empty<string>(),
    ];

    public static ChildArgs Parse(IReadOnlyDictionary<string, string> options)
    {
        var path = options["path"];
        if (!Paths.Contains(path))
        {
            throw new ArgumentException($"--path must be one of {string.Join(", ", Paths)}, not '{path}'.");
        }

        options.TryGetValue("postgres", out var postgres);
        if (path == Durable && string.IsNullOrEmpty(postgres))
        {
            throw new ArgumentException("--postgres (an Npgsql connection string) is required with --path durable.");
        }

        return new ChildArgs(
            path,
            Required(options, "bootstrap"),
            long.Parse(Required(options, "events"), CultureInfo.InvariantCulture),
            int.Parse(Required(options, "keys"), CultureInfo.InvariantCulture),
            TimeSpan.FromSeconds(double.Parse(Required(options, "timeout"), CultureInfo.InvariantCulture)),
            int.Parse(Required(options, "batch"), CultureInfo.InvariantCulture),
            postgres);
    }

    private static string Required(IReadOnlyDictionary<string, string> options, string name) =>
        options.TryGetValue(name, out var value) ? value : throw new ArgumentException($"--{name} is required with --path.");
}
