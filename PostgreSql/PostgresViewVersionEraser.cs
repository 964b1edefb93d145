using ActorViews.Streaming.Kafka;
using Npgsql;

namespace ActorViews.PostgreSql;

/// <summary>
/// Deletes a replaced version of a view from <c>grain_state</c>: the rows of the view's states (the names its grains
/// give <c>[PersistentState]</c>) whose key is of that version (<see cref="ViewVersions.GrainKey"/>). The rows go,
/// not just their payload: a cleared state would stay as a tombstone for a key no grain will use again.
/// </summary>
/// <param name="connectionString">The grain storage database.</param>
/// <param name="serviceId">The cluster's service ID, which the rows are stored under.</param>
/// <param name="statesByView">Per view name, the state names its grains store; a view not named here stores nothing.</param>
public sealed class PostgresViewVersionEraser(string connectionString, string serviceId, IReadOnlyDictionary<string, string[]> statesByView) : IKafkaViewVersionEraser
{
    // Version 1 keys carry no version; a later version's key ends in "@<version>".
    private const string Sql = """
        DELETE FROM grain_state
        WHERE service_id = @service
          AND grain_type = ANY(@states)
          AND CASE WHEN @version = 1 THEN grain_key_string !~ '@[0-9]+$'
                   ELSE grain_key_string ~ ('@' || @version::text || '$') END
        """;

    /// <inheritdoc />
    public async Task<long> DeleteAsync(string view, int version, CancellationToken cancellationToken = default)
    {
        if (!statesByView.TryGetValue(view, out var states) || states.Length == 0)
        {
            return 0;
        }

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var delete = new NpgsqlCommand(Sql, connection);
        delete.Parameters.AddWithValue("service", serviceId);
        delete.Parameters.AddWithValue("states", states);
        delete.Parameters.AddWithValue("version", version);
        return await delete.ExecuteNonQueryAsync(cancellationToken);
    }
}
