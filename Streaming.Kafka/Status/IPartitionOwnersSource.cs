namespace ActorViews.Streaming.Kafka.Status;

/// <summary>Who reads each partition now: the owners record, less the silos that are no longer active.</summary>
internal interface IPartitionOwnersSource
{
    /// <summary>The live readers keyed by <c>topic/partition</c>; may take as long as a grain call to a silo that does not answer.</summary>
    Task<IReadOnlyDictionary<string, string>> ReadActiveOwnersAsync();
}
