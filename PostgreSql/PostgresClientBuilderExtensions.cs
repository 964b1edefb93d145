namespace ActorViews.PostgreSql;

/// <summary>Lets an Orleans client find the cluster's gateways in the PostgreSQL membership table.</summary>
public static class PostgresClientBuilderExtensions
{
    /// <summary>The most connections a client holds to the membership database.</summary>
    public const int MaxConnections = 2;

    /// <summary>
    /// Reads gateways from the PostgreSQL membership table, through a pool of at most <see cref="MaxConnections"/>
    /// connections (a client only reads the table now and then). Clients never create the schema: a silo must have
    /// started against the database first.
    /// </summary>
    /// <param name="builder">The client builder.</param>
    /// <param name="connectionString">An Npgsql connection string for the cluster's database.</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="ArgumentException"><paramref name="connectionString"/> is empty or malformed.</exception>
    public static IClientBuilder UsePostgresClustering(this IClientBuilder builder, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(builder);
        PostgresConnectionString.Validate(connectionString, nameof(connectionString));
        return builder.UseAdoNetClustering(options =>
        {
            options.Invariant = PostgresSiloBuilderExtensions.Invariant;
            options.ConnectionString = PostgresConnectionPool.Bounded(connectionString, MaxConnections, "client");
        });
    }
}
