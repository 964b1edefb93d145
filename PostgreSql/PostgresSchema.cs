using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace ActorViews.PostgreSql;

/// <summary>
/// Applies the PostgreSQL schema ActorViews owns for Orleans' ADO.NET grain storage and clustering.
/// </summary>
/// <remarks>
/// The schema is a sequence of numbered scripts embedded in this assembly. The versions already applied are
/// recorded in <c>actorviews_schema_version</c>; only newer scripts run, all in one transaction, so a failed
/// upgrade leaves the database as it was.
/// </remarks>
public static class PostgresSchema
{
    // Any fixed number works; it only has to be the same for every ActorViews process sharing a database.
    private const long MigrationLockKey = 0x4163_746F_7256_6965; // "ActorVie"

    /// <summary>
    /// Applies every schema script the database does not have yet. Safe to call repeatedly and from several
    /// processes at once: callers are serialized by a PostgreSQL advisory lock.
    /// </summary>
    /// <param name="connectionString">An Npgsql connection string for the database to prepare.</param>
    /// <param name="cancellationToken">Cancels waiting for the lock or running the scripts.</param>
    /// <returns>The schema version now in force (the highest version recorded in the database).</returns>
    /// <exception cref="ArgumentException"><paramref name="connectionString"/> is empty or malformed.</exception>
    public static Task<int> ApplyAsync(string connectionString, CancellationToken cancellationToken = default)
        => ApplyAsync(connectionString, NullLogger.Instance, cancellationToken);

    internal static async Task<int> ApplyAsync(string connectionString, ILogger logger, CancellationToken cancellationToken)
    {
        PostgresConnectionString.Validate(connectionString, nameof(connectionString));

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        // A transaction-scoped lock is released by commit, rollback or a dropped connection alike,
        // so a crashed migrator can never leave the database locked.
        await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({MigrationLockKey})", cancellationToken);
        await ExecuteAsync(
            connection,
            transaction,
            """
            CREATE TABLE IF NOT EXISTS actorviews_schema_version
            (
                version    integer     PRIMARY KEY,
                script     text        NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            )
            """,
            cancellationToken);

        var current = await ReadVersionAsync(connection, transaction, cancellationToken);
        foreach (var script in SchemaScripts.All.Where(s => s.Version > current))
        {
            await ExecuteAsync(connection, transaction, script.Sql, cancellationToken);
            await using var record = new NpgsqlCommand(
                "INSERT INTO actorviews_schema_version (version, script) VALUES (@version, @script)",
                connection,
                transaction);
            record.Parameters.AddWithValue("version", script.Version);
            record.Parameters.AddWithValue("script", script.Name);
            await record.ExecuteNonQueryAsync(cancellationToken);
            PostgresSchemaLog.ScriptApplied(logger, script.Version, script.Name, connection.Database);
            current = script.Version;
        }

        await transaction.CommitAsync(cancellationToken);
        PostgresSchemaLog.SchemaInForce(logger, current, connection.Database);
        return current;
    }

    private static async Task<int> ReadVersionAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT coalesce(max(version), 0) FROM actorviews_schema_version", connection, transaction);
        return (int)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
