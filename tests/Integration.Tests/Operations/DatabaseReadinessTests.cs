using System.Net;
using ActorViews.EmbeddedKafka;
using ActorViews.Grains;
using ActorViews.Tests.Shared;
using Npgsql;

namespace ActorViews.Integration.Tests.Operations;

/// <summary>Dependency health of a silo whose views and membership live in its own PostgreSQL, which the test stops and starts.</summary>
public sealed class DatabaseReadinessTests
{
    [Fact]
    public async Task Database_health_follows_postgres_down_and_up_through_one_pooled_probe_connection_and_never_readiness()
    {
        await using var postgres = await PostgresServer.StartNewAsync();
        using var broker = EmbeddedKafkaBroker.Start();
        foreach (var topic in Topics.All)
        {
            broker.CreateTopic(topic, 1);
            broker.CreateTopic(topic + ".dlq", 1);
        }

        string[] settings =
        [
            $"--Kafka:BootstrapServers={broker.BootstrapServers}",
            $"--Storage:ConnectionString={postgres.ConnectionString}",
            "--Orleans:AdvertisedAddress=127.0.0.1",
            "--Demo:Enabled=false",
            .. Topics.All.Select(topic => $"--Kafka:Topics:{topic}:Partitions=1"),
        ];
        using var silo = await SiloProcess.StartAsync(settings);

        var ready = await Readiness.WaitForAsync(silo, HttpStatusCode.OK, "/readyz 200 once the silo reads its partitions");
        Assert.Equal(["partition-conditions", "partitions-assigned", "silo-active"], Readiness.Checks(ready).Select(c => c.Name).Order(StringComparer.Ordinal));
        var healthy = await Readiness.WaitForAsync(silo, HttpStatusCode.OK, "/healthz/dependencies 200 with the database answering", Readiness.DependenciesPath);
        Assert.Equal(["database", "kafka-broker"], Readiness.Checks(healthy).Select(c => c.Name).Order(StringComparer.Ordinal));

        // Probes at any rate share one check: they hold at most the probe pool's one connection.
        await Task.WhenAll(Enumerable.Range(0, 100).Select(async _ =>
        {
            using var response = await silo.Http.GetAsync(Readiness.DependenciesPath);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }));
        Assert.InRange(await ProbeConnectionsAsync(postgres), 0, 1);

        await postgres.StopAsync();
        var down = await Readiness.WaitForAsync(silo, HttpStatusCode.ServiceUnavailable, "/healthz/dependencies 503 while PostgreSQL is stopped", Readiness.DependenciesPath);
        var database = Readiness.Checks(down).Single(c => c.Name == "database");
        Assert.Equal("Unhealthy", database.Status);
        Assert.Contains($"{postgres.Port}", database.Description, StringComparison.Ordinal);
        Assert.Equal("Healthy", Readiness.Checks(down).Single(c => c.Name == "kafka-broker").Status);
        using (var probe = await silo.Http.GetAsync("/readyz"))
        {
            Assert.True(probe.StatusCode == HttpStatusCode.OK, $"/readyz must not follow the database: {await probe.Content.ReadAsStringAsync()}");
        }

        await postgres.StartAsync();
        var back = await Readiness.WaitForAsync(silo, HttpStatusCode.OK, "/healthz/dependencies 200 again once PostgreSQL is back", Readiness.DependenciesPath);
        Assert.Equal("Healthy", Readiness.Checks(back).Single(c => c.Name == "database").Status);
    }

    private static async Task<long> ProbeConnectionsAsync(PostgresServer postgres)
    {
        await using var connection = new NpgsqlConnection(postgres.ConnectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'actorviews-probe'", connection);
        return (long)(await count.ExecuteScalarAsync())!;
    }
}
