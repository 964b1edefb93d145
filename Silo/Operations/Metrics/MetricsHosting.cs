using ActorViews.Gateway;
using ActorViews.Streaming.Kafka.Diagnostics;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace ActorViews.Silo.Operations.Metrics;

/// <summary>The OpenTelemetry metrics pipeline, exported as Prometheus text at <c>/metrics</c>.</summary>
internal static class MetricsHosting
{
    /// <summary>The Orleans runtime's meter.</summary>
    public const string OrleansMeter = "Microsoft.Orleans";

    /// <summary>
    /// Exports the Kafka provider's meter, Orleans' (activations per grain type, e.g. <c>orleans-grains{grain_type="orderview"}</c>,
    /// <c>orleans-catalog-activations</c>), the silo's own (long-poll waiters), ASP.NET Core's request metrics
    /// and the .NET runtime's.
    /// </summary>
    public static IServiceCollection AddActorViewsMetrics(this IServiceCollection services)
    {
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("actorviews-silo"))
            .WithMetrics(metrics => metrics
                .AddMeter(KafkaStreamMetrics.MeterName, OrleansMeter, SiloMetrics.MeterName, GatewayHosting.MeterName)
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                .AddPrometheusExporter());
        return services;
    }
}
