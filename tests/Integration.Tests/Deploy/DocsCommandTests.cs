using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using ActorViews.Integration.Tests.Http;
using ActorViews.Tests.Shared;

namespace ActorViews.Integration.Tests.Deploy;

/// <summary>
/// The command blocks of docs/operations.md that run on one machine, run as a reader would paste them. The others
/// need a Kubernetes cluster, a Kafka cluster with its own tools, or values only the reader has (`...`).
/// </summary>
public sealed partial class DocsCommandTests
{
    private static readonly TimeSpan ClusterStart = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task The_manual_cluster_recipe_starts_two_silos_on_one_broker_and_one_database()
    {
        var recipe = Assert.Single(BashBlocks(RepositoryFiles.Text("docs/operations.md")), b => b.Contains("dev-broker --bootstrap-file", StringComparison.Ordinal));
        await using var postgres = await PostgresServer.StartNewAsync();
        var bootstrapFile = Path.Combine(Path.GetTempPath(), $"actorviews-docs-bootstrap-{Guid.NewGuid():N}");

        // The two values a reader puts in: their PostgreSQL, and (so that runs in parallel do not meet) the file.
        var script = ConnectionStringExport().Replace(recipe, $"export Storage__ConnectionString=\"{postgres.ConnectionString}\"", 1);
        Assert.NotEqual(recipe, script);
        script = script.Replace("/tmp/bootstrap", bootstrapFile, StringComparison.Ordinal) + "\nwait\n";

        using var shell = StartInItsOwnProcessGroup(script);
        var output = new ProcessOutput();
        output.Capture(shell);
        shell.BeginOutputReadLine();
        shell.BeginErrorReadLine();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            string[] silos = ["http://127.0.0.1:8081", "http://127.0.0.1:8082"];
            var owners = new HashSet<string>(StringComparer.Ordinal);
            var brokers = new HashSet<string>(StringComparer.Ordinal);
            await Deadline.Until(
                async () =>
                {
                    Assert.False(shell.HasExited, $"The recipe ended with {(shell.HasExited ? shell.ExitCode : 0)}. Output:\n{output.Text}");
                    owners.Clear();
                    brokers.Clear();
                    foreach (var silo in silos)
                    {
                        if (await TryStatusAsync(http, silo) is not { } status)
                        {
                            return false;
                        }

                        brokers.Add(status.GetProperty("bootstrapServers").GetString()!);
                        owners.UnionWith(status.GetProperty("partitions").EnumerateArray()
                            .Select(p => p.GetProperty("owner")).Where(o => o.ValueKind == JsonValueKind.String).Select(o => o.GetString()!));
                    }

                    return owners.Count == 2;
                },
                ClusterStart,
                () => $"both silos should serve /v1/status and own partitions of one cluster; owners seen: [{string.Join(", ", owners)}]. Output:\n{output.Text}");

            // One broker for both: read before the broker wrote its file, each silo would have started its own.
            Assert.Equal([File.ReadAllText(bootstrapFile).Trim()], brokers);
        }
        finally
        {
            await StopProcessGroupAsync(shell);
            File.Delete(bootstrapFile);
        }
    }

    /// <summary>The fenced <c>bash</c> blocks of a Markdown text, without their fences.</summary>
    internal static IEnumerable<string> BashBlocks(string markdown) =>
        FencedBash().Matches(markdown).Select(m => m.Groups[1].Value);

    private static async Task<JsonElement?> TryStatusAsync(HttpClient http, string silo)
    {
        try
        {
            return await http.GetFromJsonAsync<JsonElement>($"{silo}/v1/status");
        }
        catch (HttpRequestException)
        {
            return null;
        }
        catch (TaskCanceledException)
        {
            return null;
        }
    }

    // setsid makes the shell lead a process group of its own, so the broker and silos it started in the background
    // can be stopped together, as Ctrl+C would stop them in a terminal.
    private static Process StartInItsOwnProcessGroup(string script)
    {
        var start = new ProcessStartInfo("setsid")
        {
            WorkingDirectory = RepositoryFiles.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])["bash", "-c", script])
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("Kafka__BootstrapServers");
        start.Environment.Remove("ASPNETCORE_URLS");
        return Process.Start(start) ?? throw new InvalidOperationException("Could not start bash.");
    }

    private static async Task StopProcessGroupAsync(Process shell)
    {
        var group = $"-{shell.Id.ToString(CultureInfo.InvariantCulture)}";
        await SignalAsync("-TERM", group);
        try
        {
            // The silos stop gracefully within their shutdown timeout (30 s); whatever is left then is killed.
            await Deadline.Until(async () => await SignalAsync("-0", group) != 0, TimeSpan.FromSeconds(40), "the recipe's processes to stop after SIGTERM");
        }
        catch (TimeoutException)
        {
            await SignalAsync("-KILL", group);
        }
    }

    private static async Task<int> SignalAsync(string signal, string group)
    {
        var start = new ProcessStartInfo("/bin/kill") { RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in (string[])[signal, "--", group])
        {
            start.ArgumentList.Add(arg);
        }

        using var kill = Process.Start(start) ?? throw new InvalidOperationException("Could not start kill.");
        await kill.StandardError.ReadToEndAsync();
        await kill.WaitForExitAsync();
        return kill.ExitCode;
    }

    [GeneratedRegex(@"^```bash\n(.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex FencedBash();

    [GeneratedRegex(@"^export Storage__ConnectionString=""[^""]*""", RegexOptions.Multiline)]
    private static partial Regex ConnectionStringExport();
}
