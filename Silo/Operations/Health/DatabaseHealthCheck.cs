using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace ActorViews.Silo.Operations.Health;

/// <summary>
/// Healthy when the PostgreSQL database of <c>Storage:ConnectionString</c> opens and answers <c>SELECT 1</c>, through
/// a pool of its own (<see cref="Hosting.ConnectionBudget.Probe"/>): it never waits behind view writes for a connection.
/// </summary>
internal sealed class DatabaseHealthCheck(string connectionString) : IHealthCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    private readonly NpgsqlConnectionStringBuilder _builder = new(connectionString)
    {
        Timeout = (int)Timeout.TotalSeconds,
        CommandTimeout = (int)Timeout.TotalSeconds,
    };

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(_builder.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy($"Database '{connection.Database}' on {_builder.Host}:{_builder.Port} answered.");
        }
        catch (Exception failure) when (failure is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            // The pooled connection may have died with the server: the next check must see the server as it is now.
            NpgsqlConnection.ClearPool(connection);
            return HealthCheckResult.Unhealthy($"Database on {_builder.Host}:{_builder.Port} did not answer: {failure.Message}");
        }
    }
}
