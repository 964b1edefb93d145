using ActorViews.Streaming.Kafka;

namespace ActorViews.Integration.Tests.Cluster;

/// <summary>
/// What a partition view saw of its partition: events applied, redeliveries skipped by offset, and every event
/// that broke the partition's order (an offset not after the last, or a key's tick not following its previous).
/// </summary>
[GenerateSerializer]
public sealed class PartitionTickLedger
{
    [Id(0)]
    public AppliedOffsets Offsets { get; set; } = new();

    [Id(1)]
    public int Applied { get; set; }

    [Id(2)]
    public int Skipped { get; set; }

    [Id(3)]
    public long LastOffset { get; set; } = -1;

    [Id(4)]
    public int OutOfOrder { get; set; }

    /// <summary>Each key's last tick; a test's handful of keys, so it stays small.</summary>
    [Id(5)]
    public Dictionary<string, int> LastSeqByKey { get; set; } = [];

    /// <summary>Batches delivered under a key that is not their own partition's.</summary>
    [Id(6)]
    public int Misrouted { get; set; }

    public void Apply(string topic, int partition, long offset, Tick tick, string? logId)
    {
        if (!Offsets.TryAdvance(topic, partition, offset, logId))
        {
            Skipped++;
            return;
        }

        if (offset <= LastOffset || tick.Seq != LastSeqByKey.GetValueOrDefault(tick.Key) + 1)
        {
            OutOfOrder++;
        }

        LastOffset = offset;
        LastSeqByKey[tick.Key] = tick.Seq;
        Applied++;
    }
}
