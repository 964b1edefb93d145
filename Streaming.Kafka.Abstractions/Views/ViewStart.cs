namespace ActorViews.Streaming.Kafka;

/// <summary>
/// Where a view added to a topic that already has history starts on each partition: a view is new there when
/// the topic's other views have positions of their own and it has none.
/// </summary>
public enum ViewStart
{
    /// <summary>At the start of the log: the view catches up over everything the log still holds, then goes live.</summary>
    Beginning = 0,

    /// <summary>At the end of the log: the view sees only events written after it first read the partition.</summary>
    End = 1,
}
