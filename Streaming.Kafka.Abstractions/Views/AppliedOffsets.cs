namespace ActorViews.Streaming.Kafka;

/// <summary>
/// The highest offset a view has applied per topic-partition. Persisted in the same record as the view, so
/// that state and progress are written together and a redelivered event is recognised and skipped.
/// </summary>
[GenerateSerializer]
public sealed class AppliedOffsets
{
    /// <summary>Highest applied offset, keyed by <c>topic/partition</c> (readable as JSON).</summary>
    [Id(0)]
    public Dictionary<string, long> Offsets { get; set; } = [];

    /// <summary>The log (topic ID) the offsets of each <c>topic/partition</c> belong to.</summary>
    [Id(1)]
    public Dictionary<string, string> Logs { get; set; } = [];

    /// <summary>
    /// How often a partition's log was found replaced (its topic ID changed) under this view. The view then
    /// adopts the new log: its offsets start again, and events of the new log are applied, not skipped. The
    /// provider logs each new log of a partition as a warning and counts it (<c>actorviews.kafka.log_resets</c>)
    /// when the view reports what <see cref="TakeLogResets"/> returns.
    /// </summary>
    [Id(2)]
    public int LogResets { get; set; }

    // Found but not yet taken: not persisted (a private field is outside the JSON storage's reach too).
    [NonSerialized]
    private List<LogReset>? _logResets;

    /// <summary>
    /// The log resets found since the last call, for the caller to report (<see cref="IKafkaLogResetReporter"/>)
    /// once its state is stored. Not persisted: a view whose change is reverted finds them again on the retry.
    /// </summary>
    public IReadOnlyList<LogReset> TakeLogResets()
    {
        var found = _logResets ?? [];
        _logResets = null;
        return found;
    }

    /// <summary>Hands the log resets <see cref="TakeLogResets"/> returns to <paramref name="reporter"/>.</summary>
    public void ReportLogResets(IKafkaLogResetReporter reporter)
    {
        ArgumentNullException.ThrowIfNull(reporter);
        foreach (var reset in TakeLogResets())
        {
            reporter.Report(reset);
        }
    }

    /// <summary>Whether the event at this position is new to the view.</summary>
    public bool IsNew(string topic, int partition, long offset) =>
        !Offsets.TryGetValue(Key(topic, partition), out var applied) || offset > applied;

    /// <summary>
    /// Records the event at this position as applied; returns false when it was applied already, or, given
    /// <paramref name="replayOf"/>, when it is a replay of an offset this view applied or passed.
    /// </summary>
    /// <param name="topic">The event's topic.</param>
    /// <param name="partition">The event's partition.</param>
    /// <param name="offset">The event's offset.</param>
    /// <param name="logId">The batch's <see cref="KafkaEventBatch{TEvent}.LogId"/>; empty when unknown.</param>
    /// <param name="replayOf">
    /// The event's <see cref="KafkaEvent{TEvent}.ReplayOf"/>, from a view whose events are versions of its key (the
    /// latest wins): a replay of an offset it passed is the event itself or an older version, and applying it
    /// would take the view back. Leave it null where every event counts (sums, verdicts): the view cannot tell
    /// an offset it passed from one it failed, so it applies the replay.
    /// </param>
    public bool TryAdvance(string topic, int partition, long offset, string? logId = null, long? replayOf = null)
    {
        var key = Key(topic, partition);
        if (!string.IsNullOrEmpty(logId))
        {
            if (!Logs.TryGetValue(key, out var knownLog))
            {
                Logs[key] = logId;
            }
            else if (knownLog != logId)
            {
                // The partition's log was replaced: its offsets say nothing about what this view has seen.
                var seen = Offsets.Remove(key, out var last) ? $"up to offset {last}" : "nothing";
                Logs[key] = logId;
                LogResets++;
                (_logResets ??= []).Add(new LogReset(topic, partition, logId, $"a view had applied {seen} of the log {knownLog}"));
            }
        }

        var known = Offsets.TryGetValue(key, out var applied);
        if (known && offset <= applied)
        {
            return false;
        }

        // Recorded either way, so a redelivery of the replay is recognised too.
        Offsets[key] = offset;
        return !(known && replayOf <= applied);
    }

    /// <summary>
    /// The batch's events this view has not applied yet, in order, each recorded as applied. A view applies
    /// exactly these and then persists its state with these offsets in one write. Call it inside
    /// <see cref="ViewStateExtensions.ApplyOrRevertAsync"/>: it marks the events applied before the view applies
    /// them, so a failure in between must put the offsets back, or the retry would find nothing new.
    /// Replayed dead letters are applied (see <see cref="TakeNewVersions"/>).
    /// </summary>
    public List<KafkaEvent<TEvent>> TakeNew<TEvent>(KafkaEventBatch<TEvent> batch) => Take(batch, latestWins: false);

    /// <summary>
    /// <see cref="TakeNew"/> for a view whose events are versions of its key (the latest wins): a replayed dead
    /// letter whose first offset this view applied or passed is recorded but not returned, so the view does
    /// not go back to an older version.
    /// </summary>
    public List<KafkaEvent<TEvent>> TakeNewVersions<TEvent>(KafkaEventBatch<TEvent> batch) => Take(batch, latestWins: true);

    /// <summary>The highest applied offset of a partition, or null when none was applied.</summary>
    public long? Get(string topic, int partition) =>
        Offsets.TryGetValue(Key(topic, partition), out var applied) ? applied : null;

    private List<KafkaEvent<TEvent>> Take<TEvent>(KafkaEventBatch<TEvent> batch, bool latestWins)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var fresh = new List<KafkaEvent<TEvent>>(batch.Events.Count);
        foreach (var e in batch.Events)
        {
            if (TryAdvance(batch.Topic, batch.Partition, e.Offset, batch.LogId, latestWins ? e.ReplayOf : null))
            {
                fresh.Add(e);
            }
        }

        return fresh;
    }

    private static string Key(string topic, int partition) => KafkaPartitionKey.Of(topic, partition);
}
