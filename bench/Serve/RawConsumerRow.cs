using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace ActorViews.Serve;

/// <summary>
/// The raw consumer row beside the workflow: the ingest bench's raw path (<c>bench/Ingest</c>, <c>--paths raw</c>),
/// run as its own process on a broker of its own, reading as many messages as the workflow wrote and read.
/// </summary>
internal static class RawConsumerRow
{
    /// <summary>The median events/s of <paramref name="runs"/> raw passes over <paramref name="events"/> messages.</summary>
    public static async Task<double> MeasureAsync(string ingestDll, long events, int runs, TimeSpan timeout)
    {
        var folder = Directory.CreateTempSubdirectory("serve-raw-");
        try
        {
            var table = Path.Combine(folder.FullName, "raw.md");
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var argument in new[]
            {
                ingestDll, "--paths", "raw",
                "--events", events.ToString(CultureInfo.InvariantCulture),
                "--keys", Math.Min(events, 100_000).ToString(CultureInfo.InvariantCulture),
                "--runs", runs.ToString(CultureInfo.InvariantCulture),
                "--timeout", timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture),
                "--out", table,
            })
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {ingestDll}.");

            // Its table goes to the file; its progress (stderr) to ours.
            var discarded = process.StandardOutput.ReadToEndAsync();
            var limit = (runs * ((2 * timeout) + TimeSpan.FromMinutes(1))) + TimeSpan.FromMinutes(2);
            try
            {
                await process.WaitForExitAsync().WaitAsync(limit);
            }
            catch (TimeoutException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"The raw consumer bench did not finish within {limit.TotalSeconds:0} s.");
            }

            await discarded;
            var results = Path.ChangeExtension(table, ".jsonl");
            if (!File.Exists(results))
            {
                throw new InvalidOperationException($"The raw consumer bench exited with {process.ExitCode} without a result.");
            }

            var rates = (await File.ReadAllLinesAsync(results))
                .Select(line => JsonSerializer.Deserialize<JsonElement>(line))
                .Select(r => r.GetProperty("Events").GetInt64() / r.GetProperty("ColdSeconds").GetDouble())
                .ToList();
            return process.ExitCode == 0 && rates.Count == runs
                ? Numbers.Median(rates)
                : throw new InvalidOperationException($"The raw consumer bench exited with {process.ExitCode} after {rates.Count} of {runs} run(s).");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
