using System.Net;
using ActorViews.EmbeddedKafka;
using ActorViews.Grains;
using ActorViews.Tests.Shared;

namespace ActorViews.Integration.Tests.Operations;

/// <summary>/readyz of a silo whose views and membership live in its own PostgreSQL, which the test stops and starts.</summary>
public sealed class DatabaseReadinessTests
{
    [Fact]
    public async Task Readiness_lists_the_database_check_and_follows_postgres_down_and_up()
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

        var ready = await Readiness.WaitForAsync(silo, HttpStatusCode.OK, "/readyz 200 with the database answering");
        Assert.Equal(["database", "kafka-broker", "partitions-assigned", "silo-active"], Readiness.Checks(ready).Select(c => c.Name).Order(StringComparer.Ordinal));
        Assert.Equal("Healthy", Readiness.Checks(ready).Single(c => c.Name == "database").Status);

        await postgres.StopAsync();
        var down = await Readiness.WaitForAsync(silo, HttpStatusCode.ServiceUnavailable, "/readyz 503 while PostgreSQL is stopped");
        var database = Readiness.Checks(down).Single(c => c.Name == "database");
        Assert.Equal("Unhealthy", database.Status);
        Assert.Contains($"{postgres.Port}", database.Description, StringComparison.Ordinal);
        Assert.Equal("Healthy", Readiness.Checks(down).Single(c => c.Name == "kafka-broker").Status);

        await postgres.StartAsync();
        var back = await Readiness.WaitForAsync(silo, HttpStatusCode.OK, "/readyz 200 again once PostgreSQL is back");
        Assert.Equal("Healthy", Readiness.Checks(back).Single(c => c.Name == "database").Status);
    }
}
