using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace ActorViews.Silo.Operations.Health;

/// <summary>Healthy when the PostgreSQL database of <c>Storage:ConnectionString</c> opens and answers <c>SELECT 1</c>.</summary>
internal sealed class DatabaseHealthCheck(string connectionString) : IHealthCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString)
        {
            Timeout = (int)Timeout.TotalSeconds,
            CommandTimeout = (int)Timeout.TotalSeconds,
            // A probe must see the server as it is now, not a connection pooled before it went away.
            Pooling = false,
        };
        try
        {
            await using var connection = new NpgsqlConnection(builder.ConnectionString);
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy($"Database '{connection.Database}' on {builder.Host}:{builder.Port} answered.");
        }
        catch (Exception failure) when (failure is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy($"Database on {builder.Host}:{builder.Port} did not answer: {failure.Message}");
        }
    }
}
