using ActorViews.Streaming.Kafka;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ActorViews.Silo.Operations.Health;

/// <summary>
/// Healthy when this silo reads at least one partition, or, in a cluster with more silos than partitions,
/// when every partition is read by some silo.
/// </summary>
internal sealed class PartitionsAssignedHealthCheck(PartitionStatusQuery status, ILocalSiloDetails silo) : IHealthCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(4);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<KafkaPartitionStatus> partitions;
        try
        {
            partitions = await status.GetAsync(Timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return HealthCheckResult.Unhealthy($"The partition status did not come within {Timeout.TotalSeconds:0}s.");
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"The partition status could not be read: {failure.Message}");
        }

        var self = silo.SiloAddress.ToParsableString();
        var owned = partitions.Count(p => p.Owner == self);
        var unowned = partitions.Count(p => p.Owner is null);
        var description = $"This silo reads {owned} of {partitions.Count} partitions; {unowned} have no owner.";
        return owned > 0 || (partitions.Count > 0 && unowned == 0)
            ? HealthCheckResult.Healthy(description)
            : HealthCheckResult.Unhealthy(description);
    }

}
