using System.CommandLine;
using ActorViews.Cli.CommandLine;
using ActorViews.PostgreSql;
using Npgsql;

namespace ActorViews.Cli.Commands;

/// <summary>
/// <c>actorviews migrate</c>: applies the ActorViews PostgreSQL schema ahead of a deployment, so silos start
/// against a database that is ready (they would apply it themselves, but a failed migration is easier to see
/// in a one-off job than in a crash-looping silo).
/// </summary>
internal sealed class MigrateCommand : DocumentedCommand
{
    private const string ConnectionStringVariable = "ACTORVIEWS_CONNECTION_STRING";

    private readonly Option<string> _connectionString = CheckedOptions.Text(
        "--connection-string",
        "CS",
        $"an Npgsql connection string; defaults to the {ConnectionStringVariable} environment variable, which keeps the password off the command line");

    public MigrateCommand()
        : base("migrate", "Apply the PostgreSQL schema for storage and clustering; print the version in force.")
    {
        Details = """
            Applies every schema script the database does not have yet (idempotent; concurrent runs wait for each
            other) and prints 'schema version N'. Exits 0 on success, 1 when the database cannot be reached or a
            script fails (nothing is changed then).
            """;
        Options.Add(_connectionString);
        SetAction(RunAsync);
    }

    private async Task<int> RunAsync(ParseResult parse, CancellationToken shutdown)
    {
        var connectionString = parse.GetValue(_connectionString) ?? Environment.GetEnvironmentVariable(ConnectionStringVariable);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new UsageException($"Give '--connection-string' or set {ConnectionStringVariable}.");
        }

        int version;
        try
        {
            version = await PostgresSchema.ApplyAsync(connectionString, shutdown);
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"Option '--connection-string': {e.Message}");
        }
        catch (Exception e) when (e is NpgsqlException or PostgresException or TimeoutException)
        {
            // Npgsql's messages name the host, database and cause, never the password.
            var target = new NpgsqlConnectionStringBuilder(connectionString);
            await Console.Error.WriteLineAsync($"error: migrating database '{target.Database}' on {target.Host}:{target.Port} failed: {e.Message}");
            return ExitCodes.Failure;
        }

        await Console.Out.WriteLineAsync($"schema version {version}");
        return ExitCodes.Success;
    }
}
