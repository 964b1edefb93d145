using ActorViews.Gateway.Endpoints;

namespace ActorViews.Gateway.Security;

/// <summary>What the gateway's security logs. Callers appear by name and address, keys never.</summary>
internal static partial class SecurityLog
{
    [LoggerMessage(EventId = 300, Level = LogLevel.Information,
        Message = "Gateway authentication {Mode}: {KeyCount} API keys, reads {ReadAccess}; writes limited to {PermitLimit} per {Window} per caller")]
    public static partial void Configured(this ILogger logger, GatewayAuthMode mode, int keyCount, string readAccess, int permitLimit, TimeSpan window);

    [LoggerMessage(EventId = 301, Level = LogLevel.Warning, Message = "Refused an unknown API key from {RemoteAddress} for {Method} {Path}")]
    public static partial void UnknownKey(this ILogger logger, string? remoteAddress, string method, string path);

    /// <summary>Counts a caller refused for lacking a role, and logs it at Debug: it happens per request.</summary>
    public static void Forbidden(this ILogger logger, string? caller, string roles, string method, string path)
    {
        GatewayMetrics.RecordRefused("forbidden");
        LogForbidden(logger, caller, roles, method, path);
    }

    /// <summary>Counts a write refused by the rate limiter, and logs it at Debug: it happens per request.</summary>
    public static void RateLimited(this ILogger logger, string partition)
    {
        GatewayMetrics.RecordRefused("rate_limited");
        LogRateLimited(logger, partition);
    }

    [LoggerMessage(EventId = 302, Level = LogLevel.Debug, Message = "Refused caller {Caller} (roles {Roles}) for {Method} {Path}")]
    private static partial void LogForbidden(ILogger logger, string? caller, string roles, string method, string path);

    [LoggerMessage(EventId = 303, Level = LogLevel.Debug, Message = "Rate limited writes of {Partition}")]
    private static partial void LogRateLimited(ILogger logger, string partition);
}
