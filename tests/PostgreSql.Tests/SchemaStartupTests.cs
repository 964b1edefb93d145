using ActorViews.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace ActorViews.PostgreSql.Tests;

[Collection(PostgresCollection.Name)]
public sealed class SchemaStartupTests(PostgresFixture postgres)
{
    [Fact]
    public async Task A_silo_whose_database_is_unreachable_fails_to_start_with_the_database_error()
    {
        var unreachable = new NpgsqlConnectionStringBuilder(postgres.Server.ConnectionString) { Port = FreeTcpPort.Next() }.ConnectionString;
        using var host = new HostBuilder()
            .UseOrleans(silo => silo.UseLocalhostClustering(FreeTcpPort.Next(), FreeTcpPort.Next()).AddPostgresGrainStorage("views", unreachable))
            .Build();

        var error = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync());

        Assert.True(
            Flatten(error).Any(e => e is NpgsqlException),
            $"Expected the start-up failure to carry the NpgsqlException from applying the schema, got: {error}");
    }

    [Fact]
    public async Task Orleans_removes_only_dead_and_expired_silos_from_the_membership_table()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        var clusterId = "cleanup-" + Guid.NewGuid().ToString("N")[..8];
        var silo = await Silos.StartClusteredAsync(connectionString, clusterId);
        try
        {
            var table = silo.Services.GetRequiredService<IMembershipTable>();
            var longAgo = DateTime.UtcNow.AddHours(-2);
            await InsertAsync(table, Entry(SiloAddress.FromParsableString("127.0.0.1:1001@1"), SiloStatus.Dead, longAgo));
            await InsertAsync(table, Entry(SiloAddress.FromParsableString("127.0.0.1:1002@1"), SiloStatus.Dead, DateTime.UtcNow));

            await table.CleanupDefunctSiloEntriesAsync(DateTimeOffset.UtcNow.AddHours(-1));

            var ports = await Sql.ListAsync<int>(connectionString, $"SELECT port FROM silo_membership WHERE deployment_id = '{clusterId}' AND status = 6");
            Assert.Equal([1002], ports);
            Assert.Equal(1L, await Sql.ScalarAsync<long>(connectionString, $"SELECT count(*) FROM silo_membership WHERE deployment_id = '{clusterId}' AND status = 3"));
        }
        finally
        {
            await Silos.StopAsync(silo);
        }
    }

    private static async Task InsertAsync(IMembershipTable table, MembershipEntry entry)
    {
        var current = await table.ReadAllAsync();
        Assert.True(await table.InsertRowAsync(entry, current.Version.Next()), $"Inserting {entry.SiloAddress} should succeed with the current table version.");
    }

    private static MembershipEntry Entry(SiloAddress address, SiloStatus status, DateTime lastSeen) => new()
    {
        SiloAddress = address,
        SiloName = "gone-" + address.Endpoint.Port,
        HostName = "localhost",
        Status = status,
        ProxyPort = 0,
        StartTime = lastSeen,
        IAmAliveTime = lastSeen,
    };

    private static IEnumerable<Exception> Flatten(Exception error)
    {
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            yield return e;
            if (e is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Flatten))
                {
                    yield return inner;
                }
            }
        }
    }
}
