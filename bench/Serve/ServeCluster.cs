using ActorViews.Tests.Shared;
using Npgsql;

namespace ActorViews.Serve;

/// <summary>
/// What a serving bench runs against: the embedded broker in this process, optionally a throwaway PostgreSQL
/// for storage and clustering, and silo processes on free ports.
/// </summary>
internal sealed class ServeCluster : IAsyncDisposable
{
    private readonly PostgresServer? _postgres;

    private ServeCluster(OrderLog log, PostgresServer? postgres, string clusterId, IReadOnlyList<string> settings)
    {
        ClusterId = clusterId;
        Log = log;
        _postgres = postgres;
        Settings = settings;

        // Ctrl+C or SIGTERM must not leave silo processes and a PostgreSQL server behind.
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
    }

    public OrderLog Log { get; }

    /// <summary>The Orleans cluster ID the silos run with; clients need it to connect.</summary>
    public string ClusterId { get; }

    public List<SiloProcess> Silos { get; } = [];

    /// <summary>The settings every silo of this cluster starts with.</summary>
    public IReadOnlyList<string> Settings { get; }

    /// <param name="siloDll">The Silo's built entry assembly.</param>
    /// <param name="silos">How many silos to start, concurrently.</param>
    /// <param name="postgres">Views and membership in PostgreSQL; otherwise in memory with one silo.</param>
    /// <param name="lingerMs">The producer's linger.</param>
    /// <param name="extraSettings">More silo settings, e.g. membership timing.</param>
    public static async Task<ServeCluster> StartAsync(string siloDll, int silos, bool postgres, int lingerMs, IEnumerable<string> extraSettings)
    {
        if (silos > 1 && !postgres)
        {
            throw new ArgumentException("Several silos need PostgreSQL clustering.");
        }

        var log = OrderLog.Start(lingerMs);
        PostgresServer? server = null;
        try
        {
            List<string> settings = [.. log.SiloSettings()];
            var clusterId = "actorviews";
            if (postgres)
            {
                server = await PostgresServer.StartNewAsync();
                clusterId = "serve-" + Guid.NewGuid().ToString("N")[..8];
                settings.AddRange([
                    $"--Storage:ConnectionString={PooledConnectionString(server)}",
                    "--Orleans:AdvertisedAddress=127.0.0.1",
                    $"--Orleans:ClusterId={clusterId}",
                ]);
            }

            settings.AddRange(extraSettings);
            var cluster = new ServeCluster(log, server, clusterId, settings);
            cluster.Silos.AddRange(await Task.WhenAll(Enumerable.Range(0, silos).Select(_ => SiloProcess.StartAsync(Launch(siloDll, settings)))));
            Console.Error.WriteLine($"  started broker{(postgres ? ", PostgreSQL" : "")} and {silos} silo(s)");
            return cluster;
        }
        catch
        {
            log.Dispose();
            if (server is not null)
            {
                await server.DisposeAsync();
            }

            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        foreach (var silo in Silos)
        {
            silo.Dispose();
        }

        Log.Dispose();
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
    }

    /// <summary>One silo of the cluster as an operator runs it: production profile, no demo, on free ports.</summary>
    private static SiloLaunch Launch(string siloDll, IEnumerable<string> settings) => SiloLaunch.OnFreePorts(
        siloDll,
        [
            "--Demo:Enabled=false",

            // Reads are open in the production profile anyway; this also opens /metrics, which recovery polls.
            "--Gateway:Auth:Mode=Off",
            .. settings,
        ]) with
    {
        StartTimeout = TimeSpan.FromSeconds(120),
        RequestTimeout = TimeSpan.FromSeconds(10),
        Environment = "Production",
    };

    /// <summary>
    /// The test server's connection string turns pooling off (a test may stop the server under it); silos run
    /// pooled, as in production, with pools small enough that three silos stay under its 200 connections.
    /// </summary>
    private static string PooledConnectionString(PostgresServer server) => new NpgsqlConnectionStringBuilder(server.ConnectionString)
    {
        Pooling = true,
        MaxPoolSize = 50,
        Timeout = 15,
    }.ConnectionString;

    private void OnProcessExit(object? sender, EventArgs e)
    {
        foreach (var silo in Silos)
        {
            silo.Dispose();
        }

        _postgres?.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}
