namespace ActorViews.Streaming.Kafka;

/// <summary>
/// The cluster's record of which silo reads which partition of a provider (grain key: provider name).
/// Receivers claim and release their partitions and re-claim periodically, so the record heals after the
/// grain itself moves.
/// </summary>
public interface IKafkaPartitionOwnersGrain : IGrainWithStringKey
{
    /// <summary>Records <paramref name="silo"/> as the reader of a partition.</summary>
    Task ClaimAsync(string topic, int partition, string silo);

    /// <summary>
    /// Records <paramref name="silo"/> as the reader of a partition nobody is recorded for: a re-claim, which
    /// refills a record that restarted empty but never overwrites a newer reader's claim with a stale one.
    /// </summary>
    Task RefreshAsync(string topic, int partition, string silo);

    /// <summary>Forgets <paramref name="silo"/> as the reader of a partition, if it still is.</summary>
    Task ReleaseAsync(string topic, int partition, string silo);

    /// <summary>The readers, keyed by <c>topic/partition</c>.</summary>
    Task<Dictionary<string, string>> GetOwnersAsync();
}
