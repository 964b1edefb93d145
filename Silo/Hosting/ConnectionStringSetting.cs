namespace ActorViews.Silo.Hosting;

/// <summary>Names the configuration key behind a connection string the PostgreSQL extensions reject.</summary>
internal static class ConnectionStringSetting
{
    /// <summary>
    /// Runs <paramref name="configure"/>; a malformed connection string fails start-up naming <paramref name="key"/>.
    /// The message is Npgsql's parse error, which names the offending keyword, never the password.
    /// </summary>
    public static T Guard<T>(string key, Func<T> configure)
    {
        try
        {
            return configure();
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException($"Configuration '{key}' is not a usable PostgreSQL connection string: {e.Message}", e);
        }
    }
}
