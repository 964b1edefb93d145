using ActorViews.Integration.Tests.Durability;
using ActorViews.Tests.Shared;
using Npgsql;
using Xunit.Abstractions;

namespace ActorViews.Integration.Tests.Operations;

/// <summary>
/// Three silos on one PostgreSQL with its default <c>max_connections</c> (100), given a connection string that
/// sets no pool size (Npgsql's default would be 100 per pool): each silo keeps to its connection budget, so
/// load and a kill -9 never run the server out of connections.
/// </summary>
public sealed class ConnectionBudgetTests(ITestOutputHelper output)
{
    private const int Silos = 3;

    // Storage:MaxConnections 20 + Clustering:MaxConnections 4 + the probe's 1, the silo's defaults.
    private const int PerSilo = 25;
    private static readonly TimeSpan IngestTimeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Three_silos_under_load_and_a_kill_stay_within_max_connections_100_and_lose_nothing()
    {
        await using var postgres = await PostgresServer.StartNewAsync(maxConnections: 100);
        using var cluster = await DurableCluster.CreateAsync(postgres.ConnectionString, Silos);
        await cluster.StartAsync(0);
        await cluster.StartAsync(1, 2);

        using var stop = new CancellationTokenSource(IngestTimeout * 2);
        await using var connections = await ConnectionSampler.StartAsync(postgres.ConnectionString, stop.Token);
        var ledger = new OrderLedger(cluster.BootstrapServers, orders: 400, versions: 6).HoldAtHalf();
        var producing = ledger.ProduceAsync(eventsPerSecond: 300, stop.Token);
        await cluster[0].WaitUntilAsync(
            async () => (await DurableCluster.TryPartitionsAsync(cluster[0]) ?? []).Sum(p => p.CommittedOffset ?? 0) > 200,
            IngestTimeout,
            "200 events to be committed before the kill");

        const int Victim = 2;
        var victimOutput = cluster[Victim].Output;
        cluster.Kill(Victim);
        ledger.ReleaseSecondHalf();

        await Deadline.Within(producing, IngestTimeout, "the producer to write every event");
        await DurableCluster.WaitUntilIngestedAsync(cluster[0], ledger, IngestTimeout);
        await DurableCluster.AssertViewsEqualFoldAsync(cluster[1], ledger);

        var most = await connections.StopAsync();
        output.WriteLine($"At most {most} client connections to PostgreSQL during the run ({Silos} silos x {PerSilo} allowed).");
        Assert.InRange(most, 1, (Silos * PerSilo) + ConnectionSampler.Own);
        foreach (var (silo, log) in new[] { ("0", cluster[0].Output), ("1", cluster[1].Output), ("2 (killed)", victimOutput) })
        {
            Assert.False(
                log.Contains("too many clients", StringComparison.Ordinal) || log.Contains("53300", StringComparison.Ordinal),
                $"Silo {silo} ran PostgreSQL out of connections:\n{log}");
        }
    }

    /// <summary>Samples the server's client connections on one connection of its own, keeping the most seen.</summary>
    private sealed class ConnectionSampler : IAsyncDisposable
    {
        /// <summary>The sampler's own connection, counted among the clients.</summary>
        public const int Own = 1;

        private readonly NpgsqlConnection _connection;
        private readonly CancellationTokenSource _stop;
        private readonly Task<long> _sampling;

        private ConnectionSampler(NpgsqlConnection connection, CancellationToken stop)
        {
            _connection = connection;
            _stop = CancellationTokenSource.CreateLinkedTokenSource(stop);
            _sampling = SampleAsync(_stop.Token);
        }

        public static async Task<ConnectionSampler> StartAsync(string connectionString, CancellationToken stop)
        {
            var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(stop);
            return new ConnectionSampler(connection, stop);
        }

        public async Task<long> StopAsync()
        {
            await _stop.CancelAsync();
            return await _sampling;
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _sampling.ContinueWith(_ => { }, TaskScheduler.Default);
            await _connection.DisposeAsync();
            _stop.Dispose();
        }

        private async Task<long> SampleAsync(CancellationToken stop)
        {
            long most = 0;
            await using var count = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'", _connection);
            using var every = new PeriodicTimer(TimeSpan.FromMilliseconds(200));
            try
            {
                do
                {
                    most = Math.Max(most, (long)(await count.ExecuteScalarAsync(stop))!);
                }
                while (await every.WaitForNextTickAsync(stop));
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }

            return most;
        }
    }
}
