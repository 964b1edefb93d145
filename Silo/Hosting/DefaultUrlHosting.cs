namespace ActorViews.Silo.Hosting;

/// <summary>Where the HTTP API listens.</summary>
internal static class DefaultUrlHosting
{
    /// <summary>The URL used when neither <c>--urls</c>, <c>ASPNETCORE_URLS</c> nor Kestrel endpoints say otherwise.</summary>
    public const string DefaultUrl = "http://127.0.0.1:8080";

    /// <summary>Listens on <see cref="DefaultUrl"/> unless the configuration names an address.</summary>
    public static WebApplicationBuilder UseDefaultUrl(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var configured = !string.IsNullOrWhiteSpace(configuration["urls"])
            || !string.IsNullOrWhiteSpace(configuration["http_ports"])
            || !string.IsNullOrWhiteSpace(configuration["https_ports"])
            || configuration.GetSection("Kestrel:Endpoints").Exists();
        if (!configured)
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        return builder;
    }
}
