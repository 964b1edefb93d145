using ActorViews.Silo.Hosting;
using ActorViews.Streaming.Kafka;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace ActorViews.Silo.Operations.Health;

/// <summary>
/// Healthy when this silo reads at least one partition, or, in a cluster with more silos than partitions,
/// when every partition is read by some silo. It reads the cluster's owners record and membership only, never
/// the broker: whether partitions are assigned does not change while the broker is briefly away.
/// </summary>
internal sealed class PartitionsAssignedHealthCheck(
    IGrainFactory grains,
    ILocalSiloDetails silo,
    IClusterMembershipService membership,
    IOptionsMonitor<KafkaStreamOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var configured = options.Get(SiloNames.KafkaProvider).Topics
            .SelectMany(t => Enumerable.Range(0, t.Partitions).Select(p => $"{t.Name}/{p}"))
            .ToHashSet(StringComparer.Ordinal);
        var owners = await grains.GetGrain<IKafkaPartitionOwnersGrain>(SiloNames.KafkaProvider).GetOwnersAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        var active = membership.CurrentSnapshot.Members.Values
            .Where(m => m.Status == SiloStatus.Active)
            .Select(m => m.SiloAddress.ToParsableString())
            .ToHashSet(StringComparer.Ordinal);

        // A silo that died keeps its claims in the record until others re-claim: its partitions count as unread.
        var read = owners.Where(o => configured.Contains(o.Key) && active.Contains(o.Value)).ToList();
        var self = silo.SiloAddress.ToParsableString();
        var owned = read.Count(o => o.Value == self);
        var unowned = configured.Count - read.Count;
        var description = $"This silo reads {owned} of {configured.Count} partitions; {unowned} have no owner.";
        return owned > 0 || (configured.Count > 0 && unowned == 0)
            ? HealthCheckResult.Healthy(description)
            : HealthCheckResult.Unhealthy(description);
    }
}
