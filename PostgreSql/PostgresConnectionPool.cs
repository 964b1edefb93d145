using Npgsql;

namespace ActorViews.PostgreSql;

/// <summary>
/// Bounds what one process may hold of a PostgreSQL server's connections. Npgsql keeps one pool per distinct
/// connection string, of 100 connections unless told otherwise: three silos under load could open 300 against a
/// server that accepts 100, and every connection beyond fails with "53300: sorry, too many clients already".
/// A bounded pool makes a caller wait for a free connection (up to the connection string's <c>Timeout</c>)
/// instead. Each use gets a pool of its own, named in <c>application_name</c>, so membership never waits
/// behind view writes and <c>pg_stat_activity</c> shows who holds what.
/// </summary>
public static class PostgresConnectionPool
{
    /// <summary>
    /// How long a caller waits for a connection when the connection string keeps Npgsql's default (15 s): under
    /// load the wait is the pool's queue, not the network, and a write that waits is better than one that fails.
    /// </summary>
    public const int DefaultWaitSeconds = 30;

    private const int NpgsqlDefaultTimeout = 15;

    /// <summary>
    /// <paramref name="connectionString"/> with pooling on, at most <paramref name="maxConnections"/> connections
    /// and <c>application_name</c> suffixed with <paramref name="purpose"/> (<c>actorviews-</c><paramref name="purpose"/>
    /// when none is set). A <c>Timeout</c> other than Npgsql's default is kept; the default becomes <see cref="DefaultWaitSeconds"/>.
    /// </summary>
    /// <param name="connectionString">An Npgsql connection string.</param>
    /// <param name="maxConnections">The pool's size, at least 1.</param>
    /// <param name="purpose">What the pool serves, e.g. <c>storage</c>, <c>membership</c>, <c>probe</c>.</param>
    /// <returns>The bounded connection string.</returns>
    /// <exception cref="ArgumentException"><paramref name="connectionString"/> is malformed.</exception>
    public static string Bounded(string connectionString, int maxConnections, string purpose)
    {
        PostgresConnectionString.Validate(connectionString, nameof(connectionString));
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConnections, 1);
        ArgumentException.ThrowIfNullOrWhiteSpace(purpose);
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        builder.Pooling = true;
        builder.MaxPoolSize = maxConnections;
        builder.MinPoolSize = Math.Min(builder.MinPoolSize, maxConnections);
        builder.ApplicationName = $"{builder.ApplicationName ?? "actorviews"}-{purpose}";
        if (builder.Timeout == NpgsqlDefaultTimeout)
        {
            builder.Timeout = DefaultWaitSeconds;
        }

        return builder.ConnectionString;
    }
}
