using ActorViews.Silo.Hosting;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace ActorViews.Silo.Operations.Health;

/// <summary>Liveness and readiness probes.</summary>
internal static class HealthHosting
{
    /// <summary>The readiness checks; the database one only when <c>Storage:ConnectionString</c> is set.</summary>
    public static IServiceCollection AddActorViewsHealthChecks(this IServiceCollection services, IConfiguration configuration)
    {
        var checks = services.AddHealthChecks()
            .AddCheck<KafkaBrokerHealthCheck>("kafka-broker", tags: [HealthTags.Ready])
            .AddCheck<SiloActiveHealthCheck>("silo-active", tags: [HealthTags.Ready])
            .AddCheck<PartitionsAssignedHealthCheck>("partitions-assigned", tags: [HealthTags.Ready]);
        services.AddSingleton<KafkaBrokerHealthCheck>();
        services.AddSingleton<PartitionsAssignedHealthCheck>();
        if (configuration.StorageConnectionString() is { } connectionString)
        {
            checks.AddCheck("database", new DatabaseHealthCheck(connectionString), tags: [HealthTags.Ready]);
        }

        return services;
    }

    /// <summary>
    /// Maps <c>/healthz</c> (200 while the process answers) and <c>/readyz</c> (200 when every readiness check
    /// passes, else 503), both with a JSON report.
    /// </summary>
    public static IEndpointRouteBuilder MapActorViewsHealthChecks(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/healthz", new HealthCheckOptions
        {
            Predicate = _ => false,
            ResponseWriter = HealthResponseWriter.WriteAsync,
        });
        endpoints.MapHealthChecks("/readyz", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(HealthTags.Ready),
            ResponseWriter = HealthResponseWriter.WriteAsync,
        });
        return endpoints;
    }
}
