namespace ActorViews.Streaming.Kafka;

/// <summary>How far each partition of a provider's topics has been delivered, and who reads it.</summary>
/// <remarks>Resolve it as a keyed service named after the provider, or unkeyed for the default provider.</remarks>
public interface IKafkaStreamStatus
{
    /// <summary>The provider's bootstrap servers.</summary>
    string BootstrapServers { get; }

    /// <summary>
    /// The views that can be rebuilt, by name (<see cref="Kafka.ViewNames"/>): every view registered on the provider's
    /// topics but the feeds, which are rebuilt with the view they feed.
    /// </summary>
    IReadOnlyList<string> ViewNames { get; }

    /// <summary>Every partition of every configured topic, with its owner, committed offset and lag.</summary>
    /// <param name="cancellationToken">Cancels the broker queries.</param>
    Task<IReadOnlyList<KafkaPartitionStatus>> GetPartitionsAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Every view of the configured topics with its lag: events behind the log, from each view's own position
    /// per partition (the partition's committed offset where the view has none of its own yet). A view that
    /// catches up on some partition (its position behind the partition's offset, or new beside views with
    /// positions) is <c>building</c>, with the share of its logs applied and the events it applied per second
    /// since the previous answer.
    /// </summary>
    /// <param name="cancellationToken">Cancels the broker queries.</param>
    Task<IReadOnlyList<KafkaViewStatus>> GetViewsAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// The condition of every partition Orleans gives this silo (reading, stuck, read failing, start failing,
    /// fenced), since when and why. Answered from memory, without a broker call, so a readiness probe may call
    /// it as often as it likes; empty on a client.
    /// </summary>
    IReadOnlyList<KafkaPartitionHealth> GetOwnedPartitionConditions();
}
