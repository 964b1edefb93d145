using System.Diagnostics;
using System.Text.Json;
using ActorViews.Tests.Shared;
using Npgsql;
using Xunit.Abstractions;

namespace ActorViews.Integration.Tests.Durability;

/// <summary>Views on PostgreSQL survive every silo being restarted while events keep arriving.</summary>
[Collection(DurabilityCollection.Name)]
public sealed class SiloRestartTests(PostgresFixture postgres, ITestOutputHelper output)
{
    private static readonly TimeSpan IngestTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Restarting_every_silo_mid_ingest_loses_nothing_and_applies_nothing_twice()
    {
        using var cluster = await DurableCluster.CreateAsync(postgres, silos: 2);
        var migrate = await CliRun.RunAsync("migrate", "--connection-string", cluster.ConnectionString);
        Assert.True(migrate.ExitCode == 0, $"migrate should succeed: {migrate.Errors}");
        await cluster.StartAsync(0, 1);

        var ledger = new OrderLedger(cluster.BootstrapServers, orders: 200, versions: 5);
        using var stop = new CancellationTokenSource(IngestTimeout);
        var producing = ledger.ProduceAsync(eventsPerSecond: 25, stop.Token);

        // Restart only once views are being written, so the restarts cut through ingest.
        await cluster[0].WaitUntilAsync(
            async () => (await DurableCluster.TryPartitionsAsync(cluster[0]) ?? []).Sum(p => p.CommittedOffset ?? 0) > 0,
            Deadline.Default,
            "some events to be committed before the restarts");
        for (var silo = 0; silo < 2; silo++)
        {
            var produced = ledger.Produced;
            var clock = Stopwatch.StartNew();
            await cluster.RestartAsync(silo, output.WriteLine);
            output.WriteLine($"silo {silo} restarted in {clock.Elapsed.TotalSeconds:0.0}s, from {produced} to {ledger.Produced} of {ledger.Total} events produced");
        }

        await Deadline.Within(producing, IngestTimeout, "the producer to write every event");
        await DurableCluster.WaitUntilIngestedAsync(cluster[1], ledger, IngestTimeout);
        await DurableCluster.AssertViewsEqualFoldAsync(cluster[0], ledger);
        await AssertStoredAsReadableJsonAsync(cluster.ConnectionString, ledger, "order-7");
    }

    /// <summary>An operator can read a view with plain SQL: camelCase JSON with the order and its progress.</summary>
    /// <remarks>Several grains keep state under an order ID (view, checks, router); only the view holds an order.</remarks>
    private static async Task AssertStoredAsReadableJsonAsync(string connectionString, OrderLedger ledger, string id)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand("SELECT payload::text FROM grain_state WHERE grain_key_string = @id AND jsonb_exists(payload, 'order')", connection);
        query.Parameters.AddWithValue("id", id);
        var payload = (string?)await query.ExecuteScalarAsync();
        Assert.False(payload is null, $"grain_state should hold a row for {id}.");

        using var document = JsonDocument.Parse(payload);
        var order = document.RootElement.GetProperty("order");
        var expected = ledger.Latest(id);
        Assert.Equal(expected.CustomerId, order.GetProperty("customerId").GetInt64());
        Assert.Equal(expected.Quantity, order.GetProperty("quantity").GetInt32());
        Assert.Equal(ledger.DistinctEvents(id), document.RootElement.GetProperty("appliedCount").GetInt64());
        Assert.True(document.RootElement.TryGetProperty("offsets", out _), $"The stored view should carry its applied offsets: {payload}");
    }
}
