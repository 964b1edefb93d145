using Npgsql;

namespace ActorViews.PostgreSql;

/// <summary>Rejects connection strings that cannot work before anything tries to connect with them.</summary>
internal static class PostgresConnectionString
{
    public static void Validate(string? connectionString, string parameterName)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new ArgumentException("A PostgreSQL connection string is required.", parameterName);
        }

        try
        {
            _ = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"'{parameterName}' is not a valid Npgsql connection string: {e.Message}", parameterName, e);
        }
    }
}
