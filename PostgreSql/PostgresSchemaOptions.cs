namespace ActorViews.PostgreSql;

/// <summary>The databases whose schema a silo applies at start-up, filled by the silo builder extensions.</summary>
internal sealed class PostgresSchemaOptions
{
    public HashSet<string> ConnectionStrings { get; } = new(StringComparer.Ordinal);
}
