using System.Diagnostics;
using Npgsql;

namespace ActorViews.Tests.Shared;

/// <summary>
/// A private, throwaway PostgreSQL cluster for one test run: its own data folder, port and socket folder,
/// trust authentication on 127.0.0.1. It can be stopped (as if it crashed) and started again with its data,
/// and is deleted on dispose.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    /// <summary>The database created at start-up; <see cref="ConnectionString"/> points at it.</summary>
    public const string DefaultDatabase = "actorviews";

    private const string BinDirectoryVariable = "ACTORVIEWS_PG_BIN";
    private const string DefaultBinDirectory = "/usr/lib/postgresql/15/bin";
    private const string ServiceUser = "postgres";
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    private readonly string binDirectory;
    private readonly string rootDirectory;
    private readonly string dataDirectory;
    private readonly string socketDirectory;
    private readonly string logFile;
    private readonly bool runAsServiceUser;

    private readonly int maxConnections;

    private PostgresServer(string binDirectory, string rootDirectory, int port, int maxConnections)
    {
        this.maxConnections = maxConnections;
        this.binDirectory = binDirectory;
        this.rootDirectory = rootDirectory;
        dataDirectory = Path.Combine(rootDirectory, "data");
        socketDirectory = Path.Combine(rootDirectory, "socket");
        logFile = Path.Combine(rootDirectory, "server.log");
        Port = port;
        runAsServiceUser = Environment.IsPrivilegedProcess;
    }

    /// <summary>The TCP port the server listens on (127.0.0.1 only).</summary>
    public int Port { get; }

    /// <summary>Whether the server is currently running.</summary>
    public bool IsRunning { get; private set; }

    /// <summary>An Npgsql connection string for <see cref="DefaultDatabase"/>.</summary>
    public string ConnectionString => ConnectionStringFor(DefaultDatabase);

    /// <summary>
    /// Initializes a new cluster in a temporary folder, starts it accepting <paramref name="maxConnections"/>
    /// connections and creates <see cref="DefaultDatabase"/>.
    /// </summary>
    public static async Task<PostgresServer> StartNewAsync(int maxConnections = 200)
    {
        var binDirectory = Environment.GetEnvironmentVariable(BinDirectoryVariable) ?? DefaultBinDirectory;
        if (!File.Exists(Path.Combine(binDirectory, "initdb")))
        {
            throw new InvalidOperationException(
                $"PostgreSQL binaries not found in '{binDirectory}' (set {BinDirectoryVariable}); install PostgreSQL 15 (apt-get install postgresql-15).");
        }

        var root = Path.Combine(Path.GetTempPath(), "actorviews-pg-" + Guid.NewGuid().ToString("N")[..12]);
        var server = new PostgresServer(binDirectory, root, FreeTcpPort.Next(), maxConnections);
        try
        {
            await server.InitializeClusterAsync();
            await server.StartAsync();
            await server.CreateDatabaseAsync(DefaultDatabase);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>An Npgsql connection string for another database on this server.</summary>
    public string ConnectionStringFor(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = ServiceUser,
        Database = database,
        // A test that stops the server must not get a pooled connection that died with it.
        Pooling = false,
        Timeout = 5,
    }.ConnectionString;

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string database)
    {
        await using var connection = new NpgsqlConnection(ConnectionStringFor("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{database.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", connection);
        await command.ExecuteNonQueryAsync();
        return ConnectionStringFor(database);
    }

    /// <summary>Starts the (stopped) server on its port with its existing data and waits until it accepts connections.</summary>
    public async Task StartAsync()
    {
        if (IsRunning)
        {
            throw new InvalidOperationException("The PostgreSQL server is already running.");
        }

        var options = string.Join(
            ' ',
            $"-p {Port}",
            $"-k {socketDirectory}",
            "-c listen_addresses=127.0.0.1",
            // Durability against an OS crash is irrelevant for a throwaway server; a stopped or killed
            // server process still keeps every committed transaction (the OS holds the written pages).
            "-c fsync=off",
            "-c full_page_writes=off",
            $"-c max_connections={maxConnections}");
        await RunToolAsync("pg_ctl", ["start", "-D", dataDirectory, "-l", logFile, "-w", "-t", ((int)StartDeadline.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture), "-o", options]);
        IsRunning = true;
        await WaitUntilAcceptingAsync();
    }

    /// <summary>Stops the server at once, without a shutdown checkpoint, as a crash would.</summary>
    public Task StopAsync() => StopAsync("immediate");

    /// <summary>
    /// Stops the server as an operator's <c>pg_ctl stop -m fast</c> does: open transactions are rolled back,
    /// clients are disconnected and a shutdown checkpoint is written; returns once the server is down.
    /// </summary>
    public Task StopFastAsync() => StopAsync("fast");

    private async Task StopAsync(string mode)
    {
        if (!IsRunning)
        {
            return;
        }

        await RunToolAsync("pg_ctl", ["stop", "-D", dataDirectory, "-m", mode, "-w"]);
        IsRunning = false;
    }

    /// <summary>Stops the server and deletes its folder.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        finally
        {
            if (Directory.Exists(rootDirectory))
            {
                Directory.Delete(rootDirectory, recursive: true);
            }
        }
    }

    private async Task InitializeClusterAsync()
    {
        Directory.CreateDirectory(socketDirectory);
        if (runAsServiceUser)
        {
            // initdb and postgres refuse to run as root; the service user must own the whole folder.
            await RunAsync("chown", ["-R", $"{ServiceUser}:", rootDirectory], asServiceUser: false);
        }

        await RunToolAsync("initdb", ["-D", dataDirectory, "-U", ServiceUser, "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync", "--no-instructions"]);
    }

    private async Task WaitUntilAcceptingAsync()
    {
        var deadline = DateTime.UtcNow + StartDeadline;
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(ConnectionStringFor("postgres"));
                await connection.OpenAsync();
                return;
            }
            catch (NpgsqlException) when (DateTime.UtcNow < deadline)
            {
                // pg_ctl -w already waited for the postmaster; this only polls through the moment before it accepts TCP.
                await Task.Delay(PollInterval);
            }
            catch (NpgsqlException e)
            {
                throw new InvalidOperationException($"PostgreSQL on port {Port} did not accept connections within {StartDeadline}. Server log:\n{ReadLog()}", e);
            }
        }
    }

    private Task RunToolAsync(string tool, IReadOnlyList<string> arguments) =>
        RunAsync(Path.Combine(binDirectory, tool), arguments, runAsServiceUser);

    private async Task RunAsync(string fileName, IReadOnlyList<string> arguments, bool asServiceUser)
    {
        var start = new ProcessStartInfo
        {
            FileName = asServiceUser ? "runuser" : fileName,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (asServiceUser)
        {
            foreach (var argument in new[] { "-u", ServiceUser, "--", fileName })
            {
                start.ArgumentList.Add(argument);
            }
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start '{start.FileName}'.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(StartDeadline + TimeSpan.FromSeconds(10));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"'{Path.GetFileName(fileName)} {string.Join(' ', arguments)}' did not finish in time. Server log:\n{ReadLog()}");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"'{Path.GetFileName(fileName)} {string.Join(' ', arguments)}' failed with exit code {process.ExitCode}.\n" +
                $"stdout: {await stdout}\nstderr: {await stderr}\nServer log:\n{ReadLog()}");
        }
    }

    private string ReadLog() => File.Exists(logFile) ? File.ReadAllText(logFile) : "(no server log)";
}
