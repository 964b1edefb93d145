namespace ActorViews.Gateway.Security;

/// <summary>Who may call the HTTP gateway, configuration section <c>Gateway:Auth</c>.</summary>
public sealed class GatewayAuthOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Gateway:Auth";

    /// <summary>The shortest API key accepted: shorter ones are guessable.</summary>
    public const int MinimumKeyLength = 16;

    /// <summary>
    /// Whether callers need an API key. Default: <see cref="GatewayAuthMode.Off"/> in dev mode (no
    /// <c>Kafka:BootstrapServers</c>, so the silo runs its embedded broker), <see cref="GatewayAuthMode.ApiKey"/> otherwise.
    /// </summary>
    public GatewayAuthMode Mode { get; set; }

    /// <summary>Whether reads (<c>GET /v1/...</c>, the OpenAPI document) need a key too, of any role. Default false.</summary>
    public bool ProtectReads { get; set; }

    /// <summary>The keys by caller name; the name is what logs and rate limits show, never the key.</summary>
    public Dictionary<string, ApiKeyOptions> ApiKeys { get; set; } = new(StringComparer.Ordinal);
}
