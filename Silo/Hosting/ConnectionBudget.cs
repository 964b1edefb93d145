using ActorViews.PostgreSql;

namespace ActorViews.Silo.Hosting;

/// <summary>
/// The PostgreSQL connections one silo may hold: <c>Storage:MaxConnections</c> for views and stream subscriptions
/// (default 20), <c>Clustering:MaxConnections</c> for membership (default 4, a pool of its own so that its writes
/// never queue behind view writes) and one for the database probe. The defaults, 25 a silo, let three silos
/// share PostgreSQL's default <c>max_connections</c> of 100 with room for migrate, gateways and operators.
/// </summary>
/// <param name="Storage">The views' and subscriptions' pool size.</param>
/// <param name="Clustering">The membership pool size.</param>
internal sealed record ConnectionBudget(int Storage, int Clustering)
{
    /// <summary>The key of the views' and subscriptions' pool size.</summary>
    public const string StorageKey = "Storage:MaxConnections";

    /// <summary>The key of the membership pool size.</summary>
    public const string ClusteringKey = "Clustering:MaxConnections";

    /// <summary>The database probe's pool size: its checks are shared, so one is all it ever uses.</summary>
    public const int Probe = 1;

    /// <summary>Reads both sizes; a bad value fails start-up naming its key.</summary>
    public static ConnectionBudget Read(IConfiguration configuration) => new(
        configuration.Integer(StorageKey, fallback: 20, minimum: 1, maximum: 1000),
        configuration.Integer(ClusteringKey, fallback: 4, minimum: 1, maximum: 100));

    /// <summary>
    /// Keeps the views' grouped writes to half the storage pool (at least one round trip), so reads, subscriptions
    /// and activations still find a connection while batches are in flight.
    /// </summary>
    public void LimitRoundTrips(PostgresGroupCommitOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.MaxConcurrentBatches = Math.Clamp(Storage / 2, 1, options.MaxConcurrentBatches);
    }

    /// <summary>The storage connection string, bounded to <see cref="Storage"/> connections.</summary>
    public string ForStorage(string connectionString) => PostgresConnectionPool.Bounded(connectionString, Storage, "storage");

    /// <summary>The membership connection string, bounded to <see cref="Clustering"/> connections.</summary>
    public string ForClustering(string connectionString) => PostgresConnectionPool.Bounded(connectionString, Clustering, "membership");

    /// <summary>The probe's connection string, bounded to <see cref="Probe"/> connection.</summary>
    public static string ForProbe(string connectionString) => PostgresConnectionPool.Bounded(connectionString, Probe, "probe");
}
