using ActorViews.Client.Cli;
using ActorViews.PostgreSql;
using Npgsql;

namespace ActorViews.Client.Commands;

/// <summary>
/// <c>actorviews migrate</c>: applies the ActorViews PostgreSQL schema ahead of a deployment, so silos start
/// against a database that is ready (they would apply it themselves, but a failed migration is easier to see
/// in a one-off job than in a crash-looping silo).
/// </summary>
internal sealed class MigrateCommand : ICliCommand
{
    private const string ConnectionStringVariable = "ACTORVIEWS_CONNECTION_STRING";

    public string Name => "migrate";

    public string Summary => "Apply the PostgreSQL schema for storage and clustering; print the version in force.";

    public string Usage => $"""
        Usage: actorviews migrate [--connection-string "Host=...;Database=...;Username=...;Password=..."]

        Applies every schema script the database does not have yet (idempotent; concurrent runs wait for each
        other) and prints 'schema version N'. Exits 0 on success, 1 when the database cannot be reached or a
        script fails (nothing is changed then).

        Options:
          --connection-string CS   an Npgsql connection string; defaults to the {ConnectionStringVariable}
                                   environment variable, which keeps the password off the command line
          -h, --help               show this help

        """;

    public async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken shutdown)
    {
        var connectionString = Parse(args);
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

    private static string Parse(IReadOnlyList<string> args)
    {
        string? connectionString = null;
        var reader = new ArgumentReader(args);
        while (reader.MoveNext())
        {
            connectionString = reader.Current switch
            {
                "--connection-string" => reader.Value(),
                _ => throw new UsageException($"Unknown option '{reader.Current}'."),
            };
        }

        connectionString ??= Environment.GetEnvironmentVariable(ConnectionStringVariable);
        return string.IsNullOrWhiteSpace(connectionString)
            ? throw new UsageException($"Give '--connection-string' or set {ConnectionStringVariable}.")
            : connectionString;
    }
}
