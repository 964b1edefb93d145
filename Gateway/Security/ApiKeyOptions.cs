namespace ActorViews.Gateway.Security;

/// <summary>One caller's API key, configuration section <c>Gateway:Auth:ApiKeys:{name}</c>.</summary>
public sealed class ApiKeyOptions
{
    /// <summary>The secret the caller sends; at least <see cref="GatewayAuthOptions.MinimumKeyLength"/> characters. Never logged.</summary>
    public string Key { get; set; } = "";

    /// <summary>Comma-separated roles: <c>reader</c>, <c>writer</c>, <c>operator</c>. Default: none (the key is refused at start-up).</summary>
    public string Roles { get; set; } = "";

    /// <summary>The roles, trimmed, empty entries dropped.</summary>
    internal string[] RoleList => Roles.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
