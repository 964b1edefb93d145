using Npgsql;

namespace ActorViews.Integration.Tests.Faults;

/// <summary>Reads the membership table itself, so a test learns a silo's fate without asking a cluster that may be waiting on it.</summary>
internal static class SiloMembership
{
    /// <summary>Orleans' <c>SiloStatus.Dead</c>, as the clustering table stores it.</summary>
    public const int Dead = 6;

    /// <summary>The status of the newest generation of the silo on <paramref name="siloPort"/>, or null when it has no row.</summary>
    public static async Task<int?> StatusAsync(string connectionString, int siloPort)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand("SELECT status FROM silo_membership WHERE port = @port ORDER BY generation DESC LIMIT 1", connection);
        query.Parameters.AddWithValue("port", siloPort);
        return (int?)await query.ExecuteScalarAsync();
    }
}
