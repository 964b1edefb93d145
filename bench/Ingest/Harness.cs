using System.Diagnostics;
using System.Text;
using System.Text.Json;
using ActorViews.EmbeddedKafka;
using ActorViews.Tests.Shared;

namespace ActorViews.Ingest;

/// <summary>
/// The parent process: per key count, a fresh embedded broker in this process holding both copies of the
/// data, then every path measured in a fresh child process, the runs interleaved so drift hits all paths.
/// With the durable path, also one throwaway PostgreSQL cluster and a fresh database per durable child.
/// </summary>
internal static class Harness
{
    public static async Task<int> RunAsync(HarnessArgs args)
    {
        var results = new List<ChildResult>();
        var failures = new List<string>();
        var total = Stopwatch.StartNew();
        await using var postgres = args.Paths.Contains(ChildArgs.Durable) ? await PostgresServer.StartNewAsync() : null;
        if (postgres is not null)
        {
            Log($"PostgreSQL started on port {postgres.Port}");
        }

        foreach (var keys in args.Keys)
        {
            using var broker = EmbeddedKafkaBroker.Start();
            broker.CreateTopic(BenchTopics.Cold, BenchTopics.Partitions);
            broker.CreateTopic(BenchTopics.Warm, BenchTopics.Partitions);
            var produce = Stopwatch.StartNew();
            foreach (var topic in new[] { BenchTopics.Cold, BenchTopics.Warm })
            {
                BenchData.Produce(broker.BootstrapServers, topic, args.Events, keys);
                BenchData.VerifyRetained(broker.BootstrapServers, topic, args.Events);
            }

            Log($"{keys} keys: produced and verified 2 x {args.Events} events in {produce.Elapsed.TotalSeconds:0.0} s");
            for (var run = 1; run <= args.Runs; run++)
            {
                foreach (var path in args.Paths)
                {
                    var database = path == ChildArgs.Durable
                        ? await DurableBenchStorage.CreateDatabaseAsync(postgres!, $"bench_{keys}_{run}")
                        : null;
                    var child = new ChildArgs(path, broker.BootstrapServers, args.Events, keys, args.PassTimeout, args.MaxBatchSize, database);
                    var (result, failure) = await RunChildAsync(child);
                    if (result is not null)
                    {
                        results.Add(result);
                        Log($"{keys} keys, run {run}, {path}: cold {result.ColdRate:N0} ev/s" +
                            (result.WarmRate is { } warm ? $", warm {warm:N0} ev/s" : "") +
                            (result.StoredEvents is { } stored ? $", {stored:N0} events read back from PostgreSQL, stored by {result.StoredWrites:N0} writes" : "") +
                            $", peak {result.PeakWorkingSetBytes / 1048576.0:N0} MiB");
                    }
                    else
                    {
                        failures.Add($"{keys} keys, run {run}, {path}: {failure}");
                        Log($"{keys} keys, run {run}, {path}: FAILED: {failure}");
                    }
                }
            }
        }

        var report = ResultTable.Render(args, results, failures);
        Console.WriteLine();
        Console.WriteLine(report);
        if (args.OutFile is { } outFile)
        {
            await File.WriteAllTextAsync(outFile, report);
            await File.WriteAllLinesAsync(Path.ChangeExtension(outFile, ".jsonl"), results.Select(r => JsonSerializer.Serialize(r)));
        }

        Log($"done in {total.Elapsed.TotalMinutes:0.0} min, {failures.Count} failure(s)");
        return failures.Count == 0 ? 0 : 1;
    }

    private static async Task<(ChildResult? Result, string? Failure)> RunChildAsync(ChildArgs child)
    {
        var start = new ProcessStartInfo
        {
            FileName = Environment.ProcessPath!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        // Run through `dotnet <dll>` when the parent was, else through the apphost.
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
        {
            start.ArgumentList.Add(typeof(Harness).Assembly.Location);
        }

        foreach (var argument in child.ToArguments())
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the measurement process.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = new StringBuilder();
        var stderrDone = PumpAsync(process.StandardError, stderr);

        // Two passes plus silo start and stop; past that the child is stuck, not slow.
        var limit = (2 * child.PassTimeout) + TimeSpan.FromMinutes(1);
        using var cancel = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            return (null, $"killed after {limit.TotalSeconds:0} s; stderr tail:\n{Tail(stderr)}");
        }

        var output = await stdout;
        await stderrDone;
        var line = output.Split('\n').LastOrDefault(l => l.StartsWith(ChildResult.Marker, StringComparison.Ordinal));
        if (process.ExitCode != 0 || line is null)
        {
            return (null, $"exit code {process.ExitCode}; stderr tail:\n{Tail(stderr)}");
        }

        if (stderr.Length > 0)
        {
            Log($"  child stderr ({child.Path}, {child.Keys} keys):\n{Tail(stderr)}");
        }

        return (JsonSerializer.Deserialize<ChildResult>(line[ChildResult.Marker.Length..]), null);
    }

    private static async Task PumpAsync(StreamReader reader, StringBuilder into)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (into)
            {
                into.AppendLine(line);
            }
        }
    }

    private static string Tail(StringBuilder text)
    {
        lock (text)
        {
            var lines = text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            return string.Join('\n', lines.TakeLast(20).Select(l => "    " + l));
        }
    }

    private static void Log(string message) => Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {message}");
}
