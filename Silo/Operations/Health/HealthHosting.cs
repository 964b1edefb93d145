using ActorViews.Silo.Hosting;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ActorViews.Silo.Operations.Health;

/// <summary>Liveness, readiness and dependency health.</summary>
internal static class HealthHosting
{
    /// <summary>The path of the dependency report, for alerting (operator access).</summary>
    public const string DependenciesPath = "/healthz/dependencies";

    // Each check gives up after this; a dependency's answer is reused for FreshFor, so probes and scrapes at
    // any rate cost at most one broker request and one pooled connection per FreshFor.
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(4);
    private static readonly TimeSpan FreshFor = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The readiness checks (silo active, partitions assigned, none of this silo's fenced, stuck or unread) and the dependency checks (broker; database only
    /// when <c>Storage:ConnectionString</c> is set).
    /// </summary>
    public static IServiceCollection AddActorViewsHealthChecks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<KafkaBrokerHealthCheck>();
        var checks = services.AddHealthChecks()
            .AddCheck<SiloActiveHealthCheck>("silo-active", tags: [HealthTags.Ready])
            .AddCheck<PartitionsAssignedHealthCheck>("partitions-assigned", tags: [HealthTags.Ready], timeout: CheckTimeout)
            .AddCheck<PartitionConditionsHealthCheck>("partition-conditions", tags: [HealthTags.Ready])
            .AddShared("kafka-broker", sp => sp.GetRequiredService<KafkaBrokerHealthCheck>());
        if (configuration.StorageConnectionString() is { } connectionString)
        {
            var database = new DatabaseHealthCheck(ConnectionBudget.ForProbe(connectionString));
            checks.AddShared("database", _ => database);
        }

        return services;
    }

    /// <summary>
    /// Maps <c>/healthz</c> (200 while the process answers) and <c>/readyz</c> (200 when every readiness check
    /// passes, else 503), both open to orchestrators, with a JSON report.
    /// </summary>
    public static IEndpointRouteBuilder MapActorViewsHealthChecks(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/healthz", Report(_ => false));
        endpoints.MapHealthChecks("/readyz", Report(check => check.Tags.Contains(HealthTags.Ready)));
        return endpoints;
    }

    /// <summary>Maps <see cref="DependenciesPath"/>: 200 when the broker and the database answer, else 503, with a JSON report.</summary>
    public static IEndpointConventionBuilder MapDependencyHealth(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapHealthChecks(DependenciesPath, Report(check => check.Tags.Contains(HealthTags.Dependencies)));

    private static HealthCheckOptions Report(Func<HealthCheckRegistration, bool> predicate) =>
        new() { Predicate = predicate, ResponseWriter = HealthResponseWriter.WriteAsync };

    private static IHealthChecksBuilder AddShared(this IHealthChecksBuilder checks, string name, Func<IServiceProvider, IHealthCheck> check)
    {
        checks.Services.AddKeyedSingleton(name, (sp, _) => new SharedHealthCheck(check(sp), FreshFor, CheckTimeout));
        return checks.Add(new HealthCheckRegistration(
            name,
            sp => sp.GetRequiredKeyedService<SharedHealthCheck>(name),
            failureStatus: null,
            tags: [HealthTags.Dependencies]));
    }
}
