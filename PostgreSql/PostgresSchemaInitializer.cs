using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ActorViews.PostgreSql;

/// <summary>
/// Applies the schema to every configured database at the very first silo lifecycle stage, before membership
/// (RuntimeInitialize) or grain storage (ApplicationServices) read their queries from <c>OrleansQuery</c>.
/// </summary>
internal sealed class PostgresSchemaInitializer(IOptions<PostgresSchemaOptions> options, ILogger<PostgresSchemaInitializer> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    /// <summary>The stage the schema is applied at; earlier than any Orleans provider initializes.</summary>
    public const int Stage = ServiceLifecycleStage.First;

    public void Participate(ISiloLifecycle lifecycle) => lifecycle.Subscribe(nameof(PostgresSchemaInitializer), Stage, ApplyAsync);

    private async Task ApplyAsync(CancellationToken cancellationToken)
    {
        foreach (var connectionString in options.Value.ConnectionStrings)
        {
            try
            {
                await PostgresSchema.ApplyAsync(connectionString, logger, cancellationToken);
            }
            catch (Exception e)
            {
                PostgresSchemaLog.ApplyFailed(logger, e, TryGetDatabase(connectionString));
                throw;
            }
        }
    }

    private static string? TryGetDatabase(string connectionString) => new Npgsql.NpgsqlConnectionStringBuilder(connectionString).Database;
}
