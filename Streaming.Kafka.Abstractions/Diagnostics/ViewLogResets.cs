using System.ComponentModel;

namespace ActorViews.Streaming.Kafka.Diagnostics;

/// <summary>Where a view's <see cref="AppliedOffsets"/> reports that it adopted a partition's new log.</summary>
/// <remarks>
/// Views apply events in grain code, which has no logger of the provider's to hand; the provider sets this when
/// a silo registers it. A seam until <see cref="AppliedOffsets"/> returns the reset to its caller instead.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ViewLogResets
{
    /// <summary>Receives topic, partition, the new log's topic ID and what the view had applied; null reports nowhere.</summary>
    public static Action<string, int, string, string>? Reporter { get; set; }
}
