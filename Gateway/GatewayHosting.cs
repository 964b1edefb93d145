using ActorViews.Gateway.Endpoints;
using ActorViews.Gateway.Security;
using ActorViews.Grains;
using Microsoft.Extensions.Configuration.Memory;

namespace ActorViews.Gateway;

/// <summary>
/// Hosts the HTTP gateway in any ASP.NET Core application that can call grains: a silo, or a cluster client
/// running apart from the silos. It talks to the cluster only through <see cref="IGrainFactory"/> and writes
/// through the <see cref="KafkaProvider"/> Kafka stream provider's <c>IKafkaPublisher</c>.
/// </summary>
public static class GatewayHosting
{
    /// <summary>
    /// The name of the Kafka stream provider the gateway writes with (<c>IKafkaPublisher</c>) and reports
    /// <c>/v1/status</c> from (<c>IKafkaStreamStatus</c>); the host registers its provider under it.
    /// </summary>
    public const string KafkaProvider = StreamProviders.Kafka;

    /// <summary>The meter of the gateway's own instruments (long-poll waiters), for hosts that export metrics.</summary>
    public const string MeterName = GatewayMetrics.MeterName;

    /// <summary>
    /// Adds ProblemDetails answers, the OpenAPI document, API-key authentication (<c>Gateway:Auth</c>; off by
    /// default only when <paramref name="devMode"/>) and the write rate limit (<c>Gateway:RateLimit</c>).
    /// Invalid settings fail start-up naming the option.
    /// </summary>
    /// <param name="builder">The application builder.</param>
    /// <param name="devMode">Whether the host runs the zero-config demo, where the gateway is open by default.</param>
    /// <returns>The same builder.</returns>
    public static WebApplicationBuilder AddActorViewsGateway(this WebApplicationBuilder builder, bool devMode)
    {
        ArgumentNullException.ThrowIfNull(builder);
        AddQuietLogDefaults(builder.Configuration);
        GatewayMetrics.Publish();
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<ClusterChangeHandler>();
        builder.Services.AddOpenApi();
        builder.Services.AddPartitionStatusCache();
        builder.Services.AddViewStatusCache();
        builder.Services.AddViewVersionCache();
        builder.AddGatewaySecurity(devMode);
        return builder;
    }

    // ASP.NET Core, Orleans' placement pipeline (Polly) and the API key handler log a line per request or per
    // grain call at Information, which cost a third of a loaded host's CPU in console logging. These are defaults
    // under every other source (appsettings.json, environment, command line), so an operator can still turn them up.
    private static void AddQuietLogDefaults(ConfigurationManager configuration) =>
        configuration.Sources.Insert(0, new MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?>
            {
                ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
                ["Logging:LogLevel:Orleans"] = "Warning",
                ["Logging:LogLevel:Polly"] = "Warning",
                ["Logging:LogLevel:ActorViews.Gateway.Security.ApiKeyAuthenticationHandler"] = "Warning",
            },
        });

    /// <summary>
    /// Answers errors as ProblemDetails and authenticates, authorizes and rate-limits requests. Call it before
    /// mapping any endpoint that <see cref="SecurityHosting.RequireOperatorAccess"/> or the gateway protects.
    /// </summary>
    /// <param name="app">The application.</param>
    /// <returns>The same application.</returns>
    public static WebApplication UseActorViewsGateway(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseGatewaySecurity();
        return app;
    }

    /// <summary>
    /// Maps orders, customers, inventory, payments and the delivery status under <c>/v1</c>, and
    /// <c>/openapi/v1.json</c>, each with the access rule <c>Gateway:Auth</c> and <c>Gateway:RateLimit</c> set.
    /// </summary>
    /// <param name="endpoints">The application's endpoints.</param>
    /// <returns>The group holding every gateway endpoint.</returns>
    public static RouteGroupBuilder MapActorViewsGateway(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        return endpoints.MapGateway().RequireGatewayAccess();
    }
}
