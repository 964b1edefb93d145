namespace ActorViews.Streaming.Kafka.Status;

/// <summary>Keeps the partition readers in memory: they are re-claimed often, so nothing needs persisting.</summary>
internal sealed class KafkaPartitionOwnersGrain(IClusterMembershipService membership) : Grain, IKafkaPartitionOwnersGrain
{
    private readonly PartitionOwnersRecord _record = new(silo =>
        membership.CurrentSnapshot.GetSiloStatus(SiloAddress.FromParsableString(silo)) == SiloStatus.Dead);

    public Task ClaimAsync(string topic, int partition, string silo)
    {
        _record.Claim(topic, partition, silo);
        return Task.CompletedTask;
    }

    public Task RefreshAsync(string topic, int partition, string silo)
    {
        _record.Refresh(topic, partition, silo);
        return Task.CompletedTask;
    }

    public Task ReleaseAsync(string topic, int partition, string silo)
    {
        _record.Release(topic, partition, silo);
        return Task.CompletedTask;
    }

    public Task<Dictionary<string, string>> GetOwnersAsync() => Task.FromResult(_record.Owners());
}
