namespace ActorViews.Streaming.Kafka;

/// <summary>Puts what this silo's readers are doing onto partition status read from the broker.</summary>
public static class KafkaPartitionConditions
{
    /// <summary>
    /// <paramref name="partitions"/> with each one's condition from <paramref name="conditions"/>, and none for
    /// the partitions this silo does not read. Conditions are memory reads: applied at answer time, they stay
    /// current even when the broker's part of the status comes from an earlier, shared read.
    /// </summary>
    public static IReadOnlyList<KafkaPartitionStatus> WithConditions(
        this IEnumerable<KafkaPartitionStatus> partitions, IReadOnlyList<KafkaPartitionHealth> conditions)
    {
        ArgumentNullException.ThrowIfNull(partitions);
        ArgumentNullException.ThrowIfNull(conditions);
        var now = conditions.ToDictionary(h => (h.Topic, h.Partition));
        return [.. partitions.Select(p => now.TryGetValue((p.Topic, p.Partition), out var h)
            ? p with { Condition = h.Condition, ConditionSince = h.Since, ConditionReason = h.Reason }
            : p with { Condition = null, ConditionSince = null, ConditionReason = null })];
    }
}
