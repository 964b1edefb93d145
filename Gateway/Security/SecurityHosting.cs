using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace ActorViews.Gateway.Security;

/// <summary>Who may call the gateway and how often it may be written to.</summary>
public static class SecurityHosting
{
    private static readonly string[] WriteMethods = [HttpMethods.Post, HttpMethods.Put, HttpMethods.Delete, HttpMethods.Patch];

    /// <summary>
    /// Adds API-key authentication (<c>Gateway:Auth</c>; off by default only in dev mode) and the write rate
    /// limit (<c>Gateway:RateLimit</c>). Invalid settings fail start-up naming the option.
    /// </summary>
    internal static WebApplicationBuilder AddGatewaySecurity(this WebApplicationBuilder builder, bool devMode)
    {
        var services = builder.Services;
        services.AddOptions<GatewayAuthOptions>()
            .Configure(options => options.Mode = devMode ? GatewayAuthMode.Off : GatewayAuthMode.ApiKey)
            .Bind(builder.Configuration.GetSection(GatewayAuthOptions.Section))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<GatewayAuthOptions>, GatewayAuthOptionsValidator>();
        services.AddOptions<WriteRateLimitOptions>()
            .Bind(builder.Configuration.GetSection(WriteRateLimitOptions.Section))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<WriteRateLimitOptions>, WriteRateLimitOptionsValidator>();

        services.AddSingleton<ApiKeyRing>();
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(GatewayRoles.ReadPolicy, p => p.RequireRole(GatewayRoles.All))
            .AddPolicy(GatewayRoles.WritePolicy, p => p.RequireRole(GatewayRoles.Writer))
            .AddPolicy(GatewayRoles.OperatePolicy, p => p.RequireRole(GatewayRoles.Operator));
        services.AddWriteRateLimiting();
        return builder;
    }

    /// <summary>Authenticates, authorizes and rate-limits requests; logs how (never a key).</summary>
    internal static WebApplication UseGatewaySecurity(this WebApplication app)
    {
        // Reading the options validates them, so a bad setting stops the silo before it listens.
        var auth = app.Services.GetRequiredService<IOptions<GatewayAuthOptions>>().Value;
        var limit = app.Services.GetRequiredService<IOptions<WriteRateLimitOptions>>().Value;
        app.Logger.Configured(auth.Mode, auth.ApiKeys.Count, auth.ProtectReads ? "protected" : "open", limit.PermitLimit, limit.Window);

        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        return app;
    }

    /// <summary>
    /// Gateway endpoints: writes (POST, PUT, DELETE, PATCH) are rate limited and need a writer key; reads need
    /// a key only when <c>Gateway:Auth:ProtectReads</c>.
    /// </summary>
    internal static TBuilder RequireGatewayAccess<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.Add(endpoint =>
        {
            var auth = endpoint.ApplicationServices.GetRequiredService<IOptions<GatewayAuthOptions>>().Value;
            var isWrite = endpoint.Metadata.OfType<HttpMethodMetadata>().Any(m => m.HttpMethods.Any(WriteMethods.Contains));
            if (isWrite)
            {
                endpoint.Metadata.Add(new EnableRateLimitingAttribute(WriteRateLimiting.Policy));
            }

            if (auth.Mode == GatewayAuthMode.Off)
            {
                return;
            }

            if (isWrite)
            {
                endpoint.Metadata.Add(new AuthorizeAttribute(GatewayRoles.WritePolicy));
            }
            else if (auth.ProtectReads)
            {
                endpoint.Metadata.Add(new AuthorizeAttribute(GatewayRoles.ReadPolicy));
            }
        });
        return builder;
    }

    /// <summary>Operator endpoints need an operator key (unless authentication is off).</summary>
    public static TBuilder RequireOperatorAccess<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.Add(endpoint =>
        {
            if (endpoint.ApplicationServices.GetRequiredService<IOptions<GatewayAuthOptions>>().Value.Mode != GatewayAuthMode.Off)
            {
                endpoint.Metadata.Add(new AuthorizeAttribute(GatewayRoles.OperatePolicy));
            }
        });
        return builder;
    }
}
