using ActorViews.Silo.Hosting;
using ActorViews.Streaming.Kafka;
using Confluent.Kafka;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace ActorViews.Silo.Operations.Health;

/// <summary>Healthy when a broker of the provider's cluster answers a metadata request within a short timeout.</summary>
internal sealed class KafkaBrokerHealthCheck : IHealthCheck, IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);
    private readonly Lazy<IAdminClient> _admin;

    public KafkaBrokerHealthCheck(IOptionsMonitor<KafkaStreamOptions> options) =>
        _admin = new(() => KafkaAdmin.Build(options.Get(SiloNames.KafkaProvider), "actorviews-health"));

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            // librdkafka blocks the calling thread for the request: a thread of its own, not the pool's, which
            // answers the probes.
            var metadata = await Task.Factory
                .StartNew(() => _admin.Value.GetMetadata(Timeout), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default)
                .ConfigureAwait(false);
            return metadata.Brokers.Count > 0
                ? HealthCheckResult.Healthy($"{metadata.Brokers.Count} broker(s) answered; metadata from {metadata.OriginatingBrokerName}")
                : HealthCheckResult.Unhealthy("The cluster's metadata lists no brokers.");
        }
        catch (KafkaException failure)
        {
            return HealthCheckResult.Unhealthy($"No broker answered a metadata request within {Timeout.TotalSeconds:0}s: {failure.Error.Reason}");
        }
    }

    public void Dispose()
    {
        if (_admin.IsValueCreated)
        {
            _admin.Value.Dispose();
        }
    }
}
