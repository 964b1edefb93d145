using ActorViews.Tests.Shared;
using Npgsql;

namespace ActorViews.PostgreSql.Tests;

[Collection(PostgresCollection.Name)]
public sealed class SchemaTests(PostgresFixture postgres)
{
    // Every key Orleans 10's ADO.NET storage and clustering providers look up in OrleansQuery.
    private static readonly string[] RequiredQueryKeys =
    [
        "ReadFromStorageKey", "WriteToStorageKey", "ClearStorageKey",
        "GatewaysQueryKey", "MembershipReadRowKey", "MembershipReadAllKey", "InsertMembershipVersionKey",
        "UpdateIAmAlivetimeKey", "InsertMembershipKey", "UpdateMembershipKey", "DeleteMembershipTableEntriesKey",
        "CleanupDefunctSiloEntriesKey", "CleanupDefunctSiloEntryKey",
    ];

    [Fact]
    public async Task Applying_twice_is_harmless_and_reports_the_latest_version()
    {
        var connectionString = await postgres.CreateDatabaseAsync();

        var first = await PostgresSchema.ApplyAsync(connectionString);
        var second = await PostgresSchema.ApplyAsync(connectionString);

        Assert.Equal(SchemaScripts.LatestVersion, first);
        Assert.Equal(first, second);
        Assert.Equal([1, 2], await Sql.ListAsync<int>(connectionString, "SELECT version FROM actorviews_schema_version ORDER BY version"));
        var keys = await Sql.ListAsync<string>(connectionString, "SELECT QueryKey FROM OrleansQuery");
        Assert.Empty(RequiredQueryKeys.Except(keys));
    }

    [Fact]
    public async Task Concurrent_callers_on_separate_connections_apply_the_schema_once()
    {
        var connectionString = await postgres.CreateDatabaseAsync();

        var versions = await Task.WhenAll(
            Task.Run(() => PostgresSchema.ApplyAsync(connectionString)),
            Task.Run(() => PostgresSchema.ApplyAsync(connectionString)),
            Task.Run(() => PostgresSchema.ApplyAsync(connectionString)));

        Assert.All(versions, v => Assert.Equal(SchemaScripts.LatestVersion, v));
        Assert.Equal(2L, await Sql.ScalarAsync<long>(connectionString, "SELECT count(*) FROM actorviews_schema_version"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Host=127.0.0.1;NoSuchSetting=1")]
    public async Task A_bad_connection_string_is_rejected_naming_the_parameter(string connectionString)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => PostgresSchema.ApplyAsync(connectionString));
        Assert.Equal("connectionString", error.ParamName);
    }

    [Fact]
    public async Task Storage_refuses_a_payload_that_is_not_json_instead_of_storing_it()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        await PostgresSchema.ApplyAsync(connectionString);

        // What Orleans' default binary serializer would hand the provider: bytes that are not UTF-8 JSON.
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var write = new NpgsqlCommand("SELECT write_grain_state('svc', 'type', 0, 0, 'key', NULL, @payload)", connection);
        write.Parameters.AddWithValue("payload", new byte[] { 0x00, 0xFF, 0x13, 0x37 });

        var error = await Assert.ThrowsAsync<PostgresException>(() => write.ExecuteScalarAsync());
        Assert.Contains("not UTF-8 JSON", error.MessageText, StringComparison.Ordinal);
        Assert.Contains("SystemTextJsonGrainStorageSerializer", error.Hint, StringComparison.Ordinal);
        Assert.Equal(0L, await Sql.ScalarAsync<long>(connectionString, "SELECT count(*) FROM grain_state"));
    }
}
