using ActorViews.Tests.Shared;
using Npgsql;

namespace ActorViews.Integration.Tests.Durability;

/// <summary><c>actorviews migrate</c> as a deployment job runs it.</summary>
[Collection(DurabilityCollection.Name)]
public sealed class MigrateCommandTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Migrate_applies_the_schema_prints_its_version_and_is_harmless_when_repeated()
    {
        var connectionString = await postgres.CreateDatabaseAsync();

        var first = await CliRun.RunAsync("migrate", "--connection-string", connectionString);
        var second = await CliRun.RunAsync("migrate", "--connection-string", connectionString);

        Assert.True(first.ExitCode == 0, $"migrate should succeed: {first.Errors}");
        Assert.True(second.ExitCode == 0, $"migrate should succeed again: {second.Errors}");
        Assert.Matches(@"^schema version \d+\s*$", first.Output);
        Assert.Equal(first.Output, second.Output);

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand("SELECT count(*) FROM grain_state", connection);
        Assert.Equal(0L, await query.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Migrate_against_an_unreachable_database_fails_with_exit_code_1_without_showing_the_password()
    {
        var unreachable = new NpgsqlConnectionStringBuilder(postgres.Server.ConnectionString)
        {
            Port = FreeTcpPort.Next(),
            Password = "s3cret-pa55word",
            Timeout = 2,
        }.ConnectionString;

        var run = await CliRun.RunAsync("migrate", "--connection-string", unreachable);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("migrating database 'actorviews'", run.Errors);
        Assert.DoesNotContain("s3cret-pa55word", run.Errors + run.Output);
    }

    [Fact]
    public async Task Migrate_without_a_connection_string_is_a_usage_error()
    {
        var run = await CliRun.RunAsync("migrate");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--connection-string", run.Errors);
    }
}
