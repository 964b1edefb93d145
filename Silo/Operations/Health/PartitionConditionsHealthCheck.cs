using ActorViews.Silo.Hosting;
using ActorViews.Streaming.Kafka;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ActorViews.Silo.Operations.Health;

/// <summary>
/// Unhealthy while a partition this silo owns is fenced, stuck on one event, or not read at all (its receiver
/// cannot start), naming each: such a partition's views go stale without a word otherwise. A reader whose
/// fetches fail is left to <c>/healthz/dependencies</c>: that is the broker being away, which every silo sees at
/// once, and taking every pod out of service would stop reads that still work. Reads the receivers' memory only.
/// </summary>
internal sealed class PartitionConditionsHealthCheck(
    [FromKeyedServices(SiloNames.KafkaProvider)] IKafkaStreamStatus status) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var troubled = status.GetOwnedPartitionConditions()
            .Where(p => p.Condition is not (PartitionCondition.Reading or PartitionCondition.ReadFailing))
            .OrderBy(p => p.Topic, StringComparer.Ordinal)
            .ThenBy(p => p.Partition)
            .ToList();
        if (troubled.Count == 0)
        {
            return Task.FromResult(HealthCheckResult.Healthy("No partition of this silo is fenced, stuck or unread."));
        }

        var description = string.Join("; ", troubled.Select(p =>
            $"{p.Topic}-{p.Partition} {p.Condition} since {p.Since:O}: {p.Reason}"));
        return Task.FromResult(HealthCheckResult.Unhealthy(description));
    }
}
