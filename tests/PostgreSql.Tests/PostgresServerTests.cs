using ActorViews.Tests.Shared;
using Npgsql;

namespace ActorViews.PostgreSql.Tests;

public sealed class PostgresServerTests
{
    [Fact]
    public async Task A_stopped_server_refuses_connections_and_restarts_with_its_committed_data()
    {
        string dataFolderProbe;
        await using (var server = await PostgresServer.StartNewAsync())
        {
            await Sql.ScalarAsync<int>(server.ConnectionString, "CREATE TABLE survivor (value integer); INSERT INTO survivor VALUES (42); SELECT 1");

            await server.StopAsync();
            Assert.False(server.IsRunning);
            await Assert.ThrowsAnyAsync<NpgsqlException>(() => Sql.ScalarAsync<int>(server.ConnectionString, "SELECT 1"));

            await server.StartAsync();
            Assert.Equal(42, await Sql.ScalarAsync<int>(server.ConnectionString, "SELECT value FROM survivor"));
            dataFolderProbe = await Sql.ScalarAsync<string>(server.ConnectionString, "SHOW data_directory");
        }

        Assert.False(Directory.Exists(dataFolderProbe), $"Disposing the server should delete its folder, but {dataFolderProbe} still exists.");
    }
}
