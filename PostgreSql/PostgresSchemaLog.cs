using Microsoft.Extensions.Logging;

namespace ActorViews.PostgreSql;

internal static partial class PostgresSchemaLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Applied schema script {Version} ({Script}) to database {Database}.")]
    public static partial void ScriptApplied(ILogger logger, int version, string script, string database);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "ActorViews schema version {Version} is in force in database {Database}.")]
    public static partial void SchemaInForce(ILogger logger, int version, string database);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "Applying the ActorViews schema to database {Database} failed; the silo cannot start without it.")]
    public static partial void ApplyFailed(ILogger logger, Exception exception, string? database);
}
