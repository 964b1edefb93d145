using System.Threading.Channels;
using Npgsql;

namespace ActorViews.PostgreSql.GroupCommit;

/// <summary>
/// Writes the states of many grains in one round trip: writes that arrive while a batch is on its way to
/// PostgreSQL wait for the next one, which takes all of them (up to <see cref="MaxBatch"/>). Each row goes through
/// <c>write_grain_state</c>, the same function the single writes use, so every grain keeps its own optimistic
/// version check: a stale grain gets its version back alone. A statement that fails as a whole (a row PostgreSQL
/// refuses) is retried one row at a time, so only that row's grain sees the failure.
/// </summary>
internal sealed class GroupCommitWriter : IAsyncDisposable
{
    /// <summary>The most rows one statement carries.</summary>
    public const int MaxBatch = 256;

    // Writes wait for a place beyond this many queued rather than failing; one grain queues at most one write.
    private const int QueueCapacity = 4 * MaxBatch;

    private const string Sql = """
        SELECT t.i, write_grain_state(@service, t.grain_type, 0, 0, t.grain_key, t.expected, t.payload)
        FROM unnest(@types, @keys, @expected, @payloads) WITH ORDINALITY AS t(grain_type, grain_key, expected, payload, i)
        """;

    private readonly string _connectionString;
    private readonly string _serviceId;
    private readonly Channel<StateWrite> _queue = Channel.CreateBounded<StateWrite>(new BoundedChannelOptions(QueueCapacity)
    {
        FullMode = BoundedChannelFullMode.Wait,
    });

    private readonly Task[] _writers;
    private long _statements;

    /// <param name="connectionString">The storage database.</param>
    /// <param name="serviceId">The cluster's service ID, which rows are stored under.</param>
    /// <param name="writers">Batches in flight at once, each on a connection of its own.</param>
    public GroupCommitWriter(string connectionString, string serviceId, int writers)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(writers, 1);
        _connectionString = connectionString;
        _serviceId = serviceId;
        _writers = [.. Enumerable.Range(0, writers).Select(_ => Task.Run(RunAsync))];
    }

    /// <summary>The statements sent so far, one per batch (and one per row of a batch retried row by row).</summary>
    public long Statements => Interlocked.Read(ref _statements);

    /// <summary>Queues <paramref name="write"/> and completes with the version it produced (its expected one back when stale).</summary>
    public async Task<int?> WriteAsync(StateWrite write, CancellationToken cancellationToken = default)
    {
        await _queue.Writer.WriteAsync(write, cancellationToken).ConfigureAwait(false);
        return await write.Outcome.Task.ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await Task.WhenAll(_writers).ConfigureAwait(false);
    }

    private async Task RunAsync()
    {
        var batch = new List<StateWrite>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var write))
            {
                batch.Add(write);
            }

            if (batch.Count > 0)
            {
                await WriteBatchAsync(batch).ConfigureAwait(false);
            }
        }
    }

    private async Task WriteBatchAsync(List<StateWrite> batch)
    {
        try
        {
            var versions = await ExecuteAsync(batch).ConfigureAwait(false);
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Outcome.TrySetResult(versions[i]);
            }
        }
        catch (PostgresException) when (batch.Count > 1)
        {
            // One row failed the statement and with it the others; alone, each meets only its own fate.
            foreach (var write in batch)
            {
                await WriteBatchAsync([write]).ConfigureAwait(false);
            }
        }
        catch (Exception failure)
        {
            foreach (var write in batch)
            {
                write.Outcome.TrySetException(failure);
            }
        }
    }

    private async Task<int?[]> ExecuteAsync(List<StateWrite> batch)
    {
        Interlocked.Increment(ref _statements);
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        await using var command = new NpgsqlCommand(Sql, connection);
        command.Parameters.Add(new NpgsqlParameter<string>("service", _serviceId));
        command.Parameters.Add(new NpgsqlParameter<string[]>("types", [.. batch.Select(w => w.StateName)]));
        command.Parameters.Add(new NpgsqlParameter<string[]>("keys", [.. batch.Select(w => w.Key)]));
        command.Parameters.Add(new NpgsqlParameter<int?[]>("expected", [.. batch.Select(w => w.Expected)]));
        command.Parameters.Add(new NpgsqlParameter<byte[][]>("payloads", [.. batch.Select(w => w.Payload)]));

        var versions = new int?[batch.Count];
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        while (await reader.ReadAsync().ConfigureAwait(false))
        {
            var row = (int)reader.GetInt64(0) - 1;
            versions[row] = reader.IsDBNull(1) ? null : reader.GetInt32(1);
        }

        return versions;
    }
}
