namespace ActorViews.Streaming.Kafka.Status;

/// <summary>
/// Which silo reads each partition, keyed by <c>topic/partition</c>: the rules of the owners grain, apart from
/// it so that a test can call them without a cluster.
/// </summary>
/// <param name="isDead">Whether the membership has declared a silo (by its parsable address) dead.</param>
internal sealed class PartitionOwnersRecord(Func<string, bool> isDead)
{
    private readonly Dictionary<string, string> _owners = new(StringComparer.Ordinal);

    /// <summary>Records <paramref name="silo"/> as the reader, unless it was declared dead.</summary>
    public void Claim(string topic, int partition, string silo)
    {
        // A silo declared dead may still run for a moment (resumed after a hang) before it stops itself; what it
        // claims then is not read by it for long, and must not hide the live reader.
        if (!isDead(silo))
        {
            _owners[Key(topic, partition)] = silo;
        }
    }

    /// <summary>Records <paramref name="silo"/> where nobody live is recorded: a stale re-claim never overwrites a newer reader.</summary>
    public void Refresh(string topic, int partition, string silo)
    {
        var key = Key(topic, partition);
        if (!isDead(silo) && (!_owners.TryGetValue(key, out var owner) || isDead(owner)))
        {
            _owners[key] = silo;
        }
    }

    /// <summary>Forgets <paramref name="silo"/> as the reader, if it still is.</summary>
    public void Release(string topic, int partition, string silo)
    {
        var key = Key(topic, partition);
        if (_owners.TryGetValue(key, out var owner) && owner == silo)
        {
            _owners.Remove(key);
        }
    }

    /// <summary>A copy of the record.</summary>
    public Dictionary<string, string> Owners() => new(_owners, StringComparer.Ordinal);

    private static string Key(string topic, int partition) => $"{topic}/{partition}";
}
