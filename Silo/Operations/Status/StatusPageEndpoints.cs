using System.Reflection;

namespace ActorViews.Silo.Operations.Status;

/// <summary>The status page: static HTML, script and style embedded in the assembly (Operations/StatusPage).</summary>
internal static class StatusPageEndpoints
{
    private static readonly (string Route, string Resource, string ContentType)[] Files =
    [
        ("/status", "status.html", "text/html; charset=utf-8"),
        ("/status/status.js", "status.js", "text/javascript; charset=utf-8"),
        ("/status/status.css", "status.css", "text/css; charset=utf-8"),
    ];

    /// <summary>Maps <c>/status</c> and its script and style.</summary>
    public static IEndpointRouteBuilder MapStatusPage(this IEndpointRouteBuilder endpoints)
    {
        foreach (var (route, resource, contentType) in Files)
        {
            var content = Load(resource);
            endpoints.MapGet(route, () => Results.Bytes(content, contentType)).ExcludeFromDescription();
        }

        return endpoints;
    }

    private static byte[] Load(string name)
    {
        var resource = "ActorViews.Silo.StatusPage." + name;
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The status page resource '{resource}' is not embedded in the silo.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
