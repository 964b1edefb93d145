namespace ActorViews.Streaming.Kafka.Status;

/// <summary>
/// Reads the owners grain and the cluster's active silos. On a silo the active silos come from its own
/// membership view, a memory read; a client has none and asks the management grain, whose answer costs a
/// read of the membership table.
/// </summary>
internal sealed class ClusterPartitionOwners(string providerName, IGrainFactory grainFactory, IClusterMembershipService? membership)
    : IPartitionOwnersSource
{
    public async Task<IReadOnlyDictionary<string, string>> ReadActiveOwnersAsync()
    {
        var owners = grainFactory.GetGrain<IKafkaPartitionOwnersGrain>(providerName).GetOwnersAsync();
        var active = ActiveSilosAsync();

        // A silo that died keeps its claims in the record until others re-claim; show only live owners.
        var silos = await active.ConfigureAwait(false);
        return (await owners.ConfigureAwait(false))
            .Where(o => silos.Contains(o.Value))
            .ToDictionary(o => o.Key, o => o.Value, StringComparer.Ordinal);
    }

    private async Task<HashSet<string>> ActiveSilosAsync()
    {
        if (membership is not null)
        {
            return membership.CurrentSnapshot.Members.Values
                .Where(m => m.Status == SiloStatus.Active)
                .Select(m => m.SiloAddress.ToParsableString())
                .ToHashSet(StringComparer.Ordinal);
        }

        var hosts = await grainFactory.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).ConfigureAwait(false);
        return hosts.Keys.Select(h => h.ToParsableString()).ToHashSet(StringComparer.Ordinal);
    }
}
