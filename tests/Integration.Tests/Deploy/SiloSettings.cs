using System.Text.Json;
using ActorViews.Gateway.Security;

namespace ActorViews.Integration.Tests.Deploy;

/// <summary>
/// The settings a silo reads, for checking what deploy files set: every key of Silo/appsettings.json (which
/// documents every key the silo reads, with its default), the keys under the maps it leaves empty, and the few
/// settings of the .NET host itself that the deploy files use.
/// </summary>
internal sealed class SiloSettings
{
    // Read by the .NET host, not by our code: the shutdown timeout (HostOptions) and the HTTP ports (Kestrel).
    private static readonly string[] HostSettings = ["shutdownTimeoutSeconds", "http_ports", "urls"];

    private readonly HashSet<string> _keys = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _openMaps = [];

    private SiloSettings()
    {
    }

    /// <summary>Reads Silo/appsettings.json.</summary>
    public static SiloSettings Read()
    {
        var settings = new SiloSettings();
        var options = new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };
        using var document = JsonDocument.Parse(RepositoryFiles.Text("Silo/appsettings.json"), options);
        settings.Add("", document.RootElement);
        settings._keys.UnionWith(HostSettings);
        return settings;
    }

    /// <summary>
    /// The configuration key an environment variable sets: <c>Section__Key</c> is <c>Section:Key</c>, and the
    /// host's prefixes <c>DOTNET_</c> and <c>ASPNETCORE_</c> are dropped.
    /// </summary>
    public static string KeyOf(string variable)
    {
        foreach (var prefix in (string[])["DOTNET_", "ASPNETCORE_"])
        {
            if (variable.StartsWith(prefix, StringComparison.Ordinal))
            {
                variable = variable[prefix.Length..];
                break;
            }
        }

        return variable.Replace("__", ":", StringComparison.Ordinal);
    }

    /// <summary>Whether the silo reads <paramref name="key"/>.</summary>
    public bool Reads(string key)
    {
        if (_keys.Contains(key))
        {
            return true;
        }

        // Gateway:Auth:ApiKeys:<caller>:Key and :Roles, for any caller name.
        const string ApiKeys = $"{GatewayAuthOptions.Section}:{nameof(GatewayAuthOptions.ApiKeys)}:";
        if (key.StartsWith(ApiKeys, StringComparison.OrdinalIgnoreCase))
        {
            var parts = key[ApiKeys.Length..].Split(':');
            return parts.Length == 2 && parts[0].Length > 0
                && typeof(ApiKeyOptions).GetProperty(parts[1]) is { CanWrite: true };
        }

        // Maps passed through as they are (Kafka:Settings: librdkafka's keys).
        return _openMaps.Any(map => key.StartsWith(map + ":", StringComparison.OrdinalIgnoreCase) && key.Length > map.Length + 1);
    }

    private void Add(string path, JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            _keys.Add(path);
            return;
        }

        if (!element.EnumerateObject().Any() && !path.EndsWith($":{nameof(GatewayAuthOptions.ApiKeys)}", StringComparison.Ordinal))
        {
            _openMaps.Add(path);
        }

        foreach (var property in element.EnumerateObject())
        {
            Add(path.Length == 0 ? property.Name : $"{path}:{property.Name}", property.Value);
        }
    }
}
