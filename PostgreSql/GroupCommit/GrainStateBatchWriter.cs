using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace ActorViews.PostgreSql;

/// <summary>
/// Writes a batch of grain states in one round trip: one <c>write_grain_state</c> call per grain in an
/// <see cref="NpgsqlBatch"/>, which PostgreSQL runs as one implicit transaction (one commit for the batch). Each
/// call answers for its own grain, so a stale version fails only that grain's write.
/// </summary>
/// <param name="connectionString">The storage pool's connection string (the same pool as its reads).</param>
/// <param name="serviceId">The cluster's service ID, the rows' first key column.</param>
/// <param name="logger">Where isolated retries are logged.</param>
internal sealed partial class GrainStateBatchWriter(string connectionString, string serviceId, ILogger logger)
{
    private const string WriteSql = "SELECT write_grain_state($1, $2, $3, $4, $5, $6, $7)";

    /// <summary>
    /// Writes <paramref name="writes"/> and completes each with its outcome; never throws. When the database
    /// refuses one statement, the whole implicit transaction rolls back: each write is then tried alone, so only
    /// the refused one fails with the refusal. A failure to reach the database fails every write with it.
    /// </summary>
    public async Task WriteAsync(List<PendingWrite> writes)
    {
        writes.Sort((a, b) => a.Key.CompareTo(b.Key));
        try
        {
            await WriteTogetherAsync(writes).ConfigureAwait(false);
            return;
        }
        catch (PostgresException refusal) when (writes.Count > 1)
        {
            LogWritingAlone(logger, writes.Count, refusal.SqlState, refusal.MessageText);
        }
        catch (Exception failure)
        {
            FailAll(writes, failure);
            return;
        }

        foreach (var write in writes)
        {
            try
            {
                await WriteTogetherAsync([write]).ConfigureAwait(false);
            }
            catch (Exception failure)
            {
                write.Fail(failure);
            }
        }
    }

    private static void FailAll(List<PendingWrite> writes, Exception failure)
    {
        foreach (var write in writes)
        {
            write.Fail(failure);
        }
    }

    private async Task WriteTogetherAsync(List<PendingWrite> writes)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        await using var batch = new NpgsqlBatch(connection);
        foreach (var write in writes)
        {
            batch.BatchCommands.Add(Command(write));
        }

        var versions = new int?[writes.Count];
        await using (var reader = await batch.ExecuteReaderAsync().ConfigureAwait(false))
        {
            var index = 0;
            do
            {
                if (!await reader.ReadAsync().ConfigureAwait(false))
                {
                    throw new InvalidOperationException($"write_grain_state returned no row for write {index + 1} of {writes.Count}.");
                }

                versions[index++] = await reader.IsDBNullAsync(0).ConfigureAwait(false) ? null : reader.GetInt32(0);
            }
            while (await reader.NextResultAsync().ConfigureAwait(false));
        }

        // Only now is the implicit transaction committed: a refusal of any statement would have rolled back all.
        for (var i = 0; i < writes.Count; i++)
        {
            writes[i].Complete(versions[i]);
        }
    }

    private NpgsqlBatchCommand Command(PendingWrite write) => new(WriteSql)
    {
        Parameters =
        {
            new NpgsqlParameter<string> { TypedValue = serviceId, NpgsqlDbType = NpgsqlDbType.Text },
            new NpgsqlParameter<string> { TypedValue = write.Key.GrainType, NpgsqlDbType = NpgsqlDbType.Text },
            new NpgsqlParameter<long> { TypedValue = write.Key.N0, NpgsqlDbType = NpgsqlDbType.Bigint },
            new NpgsqlParameter<long> { TypedValue = write.Key.N1, NpgsqlDbType = NpgsqlDbType.Bigint },
            new NpgsqlParameter<string> { TypedValue = write.Key.StringKey, NpgsqlDbType = NpgsqlDbType.Text },
            new NpgsqlParameter { Value = write.ExpectedVersion is { } version ? version : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer },
            new NpgsqlParameter<ReadOnlyMemory<byte>> { TypedValue = write.Payload, NpgsqlDbType = NpgsqlDbType.Bytea },
        },
    };

    [LoggerMessage(EventId = 11, Level = LogLevel.Warning, Message = "PostgreSQL refused a batch of {Count} grain state writes ({SqlState}: {Reason}); writing each alone so that only the refused one fails.")]
    private static partial void LogWritingAlone(ILogger logger, int count, string sqlState, string reason);
}
