namespace ActorViews.Gateway.Security;

/// <summary>How many writes a caller may make, configuration section <c>Gateway:RateLimit</c>.</summary>
/// <remarks>
/// A caller is its API key when it sent a valid one, else its client IP address (behind a proxy, the proxy's,
/// unless forwarded headers are configured). The window is fixed: at most <see cref="PermitLimit"/> writes
/// in each <see cref="Window"/>; more are answered 429 with <c>Retry-After</c>.
/// </remarks>
public sealed class WriteRateLimitOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Gateway:RateLimit";

    /// <summary>Writes per caller per window, 1 to 1000000. Default 100.</summary>
    public int PermitLimit { get; set; } = 100;

    /// <summary>The window, <c>hh:mm:ss</c>, from 00:00:00.1 to 01:00:00. Default 00:00:01.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromSeconds(1);
}
