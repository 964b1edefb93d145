using ActorViews.Silo.Operations.Health;
using ActorViews.Silo.Operations.Metrics;
using ActorViews.Silo.Operations.Status;
using Orleans.Dashboard;

namespace ActorViews.Silo.Operations;

/// <summary>What operators look at: metrics, health probes, the status page and the Orleans dashboard.</summary>
internal static class OperationsHosting
{
    /// <summary>Adds metrics, health checks, the throughput sampler and the dead-letter reader.</summary>
    public static WebApplicationBuilder AddOperations(this WebApplicationBuilder builder)
    {
        builder.Services.AddActorViewsMetrics();
        builder.Services.AddActorViewsHealthChecks(builder.Configuration);
        builder.Services.AddSingleton<ThroughputSampler>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ThroughputSampler>());
        builder.Services.AddSingleton<DeadLetterReader>();
        return builder;
    }

    /// <summary>
    /// Maps the probes <c>/healthz</c> and <c>/readyz</c> (always open: orchestrators call them) and the
    /// operator endpoints <c>/metrics</c>, <c>/healthz/dependencies</c>, <c>/status</c>, <c>/v1/status/cluster</c> and <c>/dashboard</c>.
    /// </summary>
    /// <returns>
    /// The group holding every operator endpoint: the one place to require authorization for them, e.g.
    /// <c>app.MapOperations().RequireAuthorization("operators")</c>.
    /// </returns>
    public static RouteGroupBuilder MapOperations(this WebApplication app)
    {
        app.MapActorViewsHealthChecks();

        var operators = app.MapGroup("");
        operators.MapPrometheusScrapingEndpoint("/metrics");
        operators.MapDependencyHealth();
        operators.MapStatusPage();
        operators.MapClusterStatus();
        operators.MapOrleansDashboard(routePrefix: "/dashboard");
        return operators;
    }
}
