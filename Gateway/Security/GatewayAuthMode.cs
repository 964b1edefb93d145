namespace ActorViews.Gateway.Security;

/// <summary>How the HTTP gateway authenticates callers.</summary>
public enum GatewayAuthMode
{
    /// <summary>Everyone may do everything: the zero-config demo (dev mode).</summary>
    Off,

    /// <summary>Writes and operator endpoints need an API key with the matching role.</summary>
    ApiKey,
}
