using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using ActorViews.Integration.Tests.Durability;
using ActorViews.Tests.Shared;
using Npgsql;

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

    [Fact]
    public async Task The_database_privileges_let_migrate_make_the_schema_and_a_silo_run_on_it()
    {
        var grants = Assert.Single(Blocks(RepositoryFiles.Text("docs/operations.md"), "sql"), b => b.Contains("CREATE ROLE actorviews_silo", StringComparison.Ordinal));
        await using var postgres = await PostgresServer.StartNewAsync();
        await ExecuteAsync(postgres.ConnectionString, grants);

        var migrate = await CliRun.RunAsync("migrate", "--connection-string", As(postgres, "actorviews_migrate"));
        Assert.True(migrate.ExitCode == 0, $"migrate as actorviews_migrate should succeed; it exited with {migrate.ExitCode}: {migrate.Output}{migrate.Errors}");

        string[] silo = [$"--Storage:ConnectionString={As(postgres, "actorviews_silo")}", "--Orleans:AdvertisedAddress=127.0.0.1"];
        using (var running = await SiloProcess.StartAsync(silo))
        {
            // Dev mode's demo orders reach the views, which the silo's role writes to grain_state.
            await running.WaitUntilAsync(
                async () => await CountViewsAsync(postgres) > 0,
                Deadline.Default,
                "views written by the silo as actorviews_silo");
        }

        // The guide's reason for CREATE on the schema: without it a silo does not start.
        await ExecuteAsync(postgres.ConnectionString, "REVOKE CREATE ON SCHEMA public FROM actorviews_silo");
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => SiloProcess.StartAsync(silo));
        Assert.Contains("permission denied for schema public", refused.Message);
    }

    /// <summary>The fenced <c>bash</c> blocks of a Markdown text, without their fences.</summary>
    internal static IEnumerable<string> BashBlocks(string markdown) => Blocks(markdown, "bash");

    private static IEnumerable<string> Blocks(string markdown, string language) =>
        FencedBlock().Matches(markdown).Where(m => m.Groups[1].Value == language).Select(m => m.Groups[2].Value);

    private static string As(PostgresServer postgres, string role) =>
        new NpgsqlConnectionStringBuilder(postgres.ConnectionString) { Username = role }.ConnectionString;

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> CountViewsAsync(PostgresServer postgres)
    {
        await using var connection = new NpgsqlConnection(postgres.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM grain_state WHERE grain_type = 'view'", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

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

    [GeneratedRegex(@"^```(\w+)\n(.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex FencedBlock();

    [GeneratedRegex(@"^export Storage__ConnectionString=""[^""]*""", RegexOptions.Multiline)]
    private static partial Regex ConnectionStringExport();
}
