namespace ActorViews.PostgreSql;

/// <summary>How the group-commit grain storage gathers writes of many grains into one round trip.</summary>
public sealed class PostgresGroupCommitOptions
{
    /// <summary>The most writes sent in one round trip. Default 256.</summary>
    public int MaxBatchSize { get; set; } = 256;

    /// <summary>
    /// The most writes waiting for a round trip; a write beyond it waits for a place instead of failing, so a
    /// burst holds back its writers rather than growing the queue. Default 2,048.
    /// </summary>
    public int MaxQueuedWrites { get; set; } = 2048;

    /// <summary>
    /// How many round trips may be in flight at once, each on a connection of the storage's pool: while they are,
    /// new writes queue and go together in the next. Keep it below the pool's size, so that reads and the other
    /// storages on the pool still find a connection. Default 2.
    /// </summary>
    public int MaxConcurrentBatches { get; set; } = 2;
}
