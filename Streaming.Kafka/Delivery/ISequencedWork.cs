namespace ActorViews.Streaming.Kafka.Delivery;

/// <summary>Work that <see cref="KeyedSequencer"/> runs in order with the other work of its key.</summary>
internal interface ISequencedWork
{
    /// <summary>Runs the work. Must not throw: a failure belongs to the work's own handling.</summary>
    Task RunAsync();
}
