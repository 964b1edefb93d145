namespace ActorViews.Streaming.Kafka.Status;

/// <summary>Keeps the partition readers in memory: they are re-claimed often, so nothing needs persisting.</summary>
internal sealed class KafkaPartitionOwnersGrain : Grain, IKafkaPartitionOwnersGrain
{
    private readonly Dictionary<string, string> _owners = new(StringComparer.Ordinal);

    public Task ClaimAsync(string topic, int partition, string silo)
    {
        _owners[$"{topic}/{partition}"] = silo;
        return Task.CompletedTask;
    }

    public Task RefreshAsync(string topic, int partition, string silo)
    {
        _owners.TryAdd($"{topic}/{partition}", silo);
        return Task.CompletedTask;
    }

    public Task ReleaseAsync(string topic, int partition, string silo)
    {
        var key = $"{topic}/{partition}";
        if (_owners.TryGetValue(key, out var owner) && owner == silo)
        {
            _owners.Remove(key);
        }

        return Task.CompletedTask;
    }

    public Task<Dictionary<string, string>> GetOwnersAsync() => Task.FromResult(new Dictionary<string, string>(_owners));
}
