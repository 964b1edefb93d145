using ActorViews.Streaming.Kafka;

namespace ActorViews.Integration.Tests.Cluster;

/// <summary>
/// A view that makes delivery faults visible: it counts applied events and every event that arrived out of
/// order, and skips redeliveries by offset as every ActorViews view does.
/// </summary>
[GenerateSerializer]
public sealed class TickLedger
{
    [Id(0)]
    public int LastSeq { get; set; }

    [Id(1)]
    public int Applied { get; set; }

    [Id(2)]
    public int OutOfOrder { get; set; }

    [Id(3)]
    public AppliedOffsets Offsets { get; set; } = new();

    /// <summary>Redelivered events recognised and skipped.</summary>
    [Id(4)]
    public int Skipped { get; set; }

    public bool Apply(string topic, int partition, long offset, Tick tick, string? logId = null)
    {
        if (!Offsets.TryAdvance(topic, partition, offset, logId))
        {
            Skipped++;
            return false;
        }

        if (tick.Seq != LastSeq + 1)
        {
            OutOfOrder++;
        }

        LastSeq = tick.Seq;
        Applied++;
        return true;
    }
}
