using System.Globalization;
using ActorViews.PostgreSql;
using ActorViews.Tests.Shared;
using Npgsql;

namespace ActorViews.Ingest;

/// <summary>
/// The PostgreSQL side of the durable row: one throwaway cluster per harness run, a fresh database with the
/// project's schema per measurement, and the count check that reads every stored view back.
/// </summary>
internal static class DurableBenchStorage
{
    /// <summary>The grain storage provider the durable view persists through.</summary>
    public const string Name = "bench";

    /// <summary>A fresh database on <paramref name="server"/> with the schema applied (untimed), for one child.</summary>
    public static async Task<string> CreateDatabaseAsync(PostgresServer server, string database)
    {
        var connectionString = await server.CreateDatabaseAsync(database);
        await PostgresSchema.ApplyAsync(connectionString);
        return connectionString;
    }

    /// <summary>
    /// The connection string the silo writes with. <see cref="PostgresServer"/> turns pooling off for tests
    /// that kill the server; a silo under load pools its connections, as a real deployment does.
    /// </summary>
    public static string Pooled(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Pooling = true, MaxPoolSize = 100, Timeout = 30 }.ConnectionString;

    /// <summary>
    /// Reads every stored view and throws unless there is exactly one row per key and each key's stored count
    /// is what <paramref name="passes"/> passes over the data set give it, i.e. no event was lost or counted twice.
    /// </summary>
    /// <returns>The sum of the stored counts, and how many writes stored them (the sum of the rows' versions).</returns>
    public static async Task<(long Events, long Writes)> VerifyAsync(string connectionString, long events, int keys, int passes)
    {
        var stored = new Dictionary<string, long>(StringComparer.Ordinal);
        long writes = 0;
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT grain_key_string, (payload->>'count')::bigint, version FROM grain_state", connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                stored[reader.GetString(0)] = reader.IsDBNull(1) ? 0 : reader.GetInt64(1);

                // A row is inserted at version 1 and every later write adds 1.
                writes += reader.GetInt32(2);
            }
        }

        var wrong = new List<string>();
        long total = 0;
        for (var k = 0; k < keys; k++)
        {
            var key = BenchData.KeyOf(k);
            var expected = passes * ((events / keys) + (k < events % keys ? 1 : 0));
            var count = stored.GetValueOrDefault(key);
            total += count;
            if (count != expected)
            {
                wrong.Add(string.Create(CultureInfo.InvariantCulture, $"{key}: {count} stored, {expected} expected"));
            }
        }

        if (wrong.Count > 0 || stored.Count != keys || total != passes * events)
        {
            throw new InvalidOperationException(
                $"durable: PostgreSQL holds {stored.Count} view rows (expected {keys}) with {total} events in all " +
                $"(expected {passes * events}, lost {(passes * events) - total}); {wrong.Count} key(s) wrong, first: {string.Join("; ", wrong.Take(3))}.");
        }

        return (total, writes);
    }
}
