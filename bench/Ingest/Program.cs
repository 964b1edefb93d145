using System.Text.Json;
using ActorViews.Ingest;

// Parent: `ActorViews.Ingest [--quick] ...` prepares the data and runs every measurement in a fresh child.
// Child: `ActorViews.Ingest --path raw|views|durable|streams|streamiz ...` runs one measurement and prints one RESULT line.
try
{
    var options = ParseOptions(args);
    if (options.ContainsKey("path"))
    {
        var child = ChildArgs.Parse(options);
        var result = child.Path switch
        {
            "raw" => RawPath.Run(child),
            "streamiz" => await StreamizPath.RunAsync(child),
            _ => await SiloPath.RunAsync(child),
        };
        Console.WriteLine(ChildResult.Marker + JsonSerializer.Serialize(result));
        Console.Out.Flush();

        // Shutdown noise after the measurement is not a finding.
        Console.SetError(TextWriter.Null);

        // The measurement is taken; do not let a slow silo shutdown hold the parent up.
        Environment.Exit(0);
    }

    return await Harness.RunAsync(HarnessArgs.Parse(options));
}
catch (Exception ex) when (ex is ArgumentException or FormatException or TimeoutException or InvalidOperationException)
{
    Console.Error.WriteLine($"error: {ex.Message}");

    // A failed measurement may leave foreground threads (Streamiz' stream threads) that would keep it alive.
    Environment.Exit(2);
    return 2;
}

static Dictionary<string, string> ParseOptions(string[] args)
{
    var options = new Dictionary<string, string>(StringComparer.Ordinal);
    for (var i = 0; i < args.Length; i++)
    {
        if (!args[i].StartsWith("--", StringComparison.Ordinal))
        {
            throw new ArgumentException($"Unexpected argument '{args[i]}'.");
        }

        var name = args[i][2..];
        var hasValue = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal);
        options[name] = hasValue ? args[++i] : "";
    }

    return options;
}
