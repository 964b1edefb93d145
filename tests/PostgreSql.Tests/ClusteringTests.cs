using ActorViews.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace ActorViews.PostgreSql.Tests;

[Collection(PostgresCollection.Name)]
public sealed class ClusteringTests(PostgresFixture postgres)
{
    private static readonly TimeSpan JoinDeadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Two_silos_form_one_cluster_through_the_postgres_membership_table()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        var clusterId = "cluster-" + Guid.NewGuid().ToString("N")[..8];

        // The first silo meets an empty database, the second one an existing schema and membership.
        var first = await Silos.StartClusteredAsync(connectionString, clusterId);
        IHost? second = null;
        try
        {
            second = await Silos.StartClusteredAsync(connectionString, clusterId);

            var management = first.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0);
            var deadline = DateTime.UtcNow + JoinDeadline;
            int activeInTable, activeSeen;
            do
            {
                activeInTable = (int)await Sql.ScalarAsync<long>(connectionString, $"SELECT count(*) FROM silo_membership WHERE deployment_id = '{clusterId}' AND status = 3");
                activeSeen = (await management.GetHosts(onlyActive: true)).Count;
                if (activeInTable == 2 && activeSeen == 2)
                {
                    break;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(200));
            }
            while (DateTime.UtcNow < deadline);

            Assert.True(
                activeInTable == 2 && activeSeen == 2,
                $"Expected both silos Active within {JoinDeadline}: {activeInTable} Active rows in silo_membership, {activeSeen} Active hosts seen by the management grain.");
            Assert.Equal(2L, await Sql.ScalarAsync<long>(connectionString, "SELECT count(*) FROM actorviews_schema_version"));
        }
        finally
        {
            if (second is not null)
            {
                await Silos.StopAsync(second);
            }

            await Silos.StopAsync(first);
        }
    }

    [Fact]
    public void A_bad_connection_string_fails_the_silo_configuration_naming_the_parameter()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            new HostBuilder().UseOrleans(silo => silo.UsePostgresClustering("this is not a connection string")).Build());
        Assert.Equal("connectionString", error.ParamName);
    }

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
