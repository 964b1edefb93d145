namespace ActorViews.Streaming.Kafka.Delivery;

/// <summary>One key's events, handed to its views in one call: itself the sequenced work, so queuing it allocates no closure.</summary>
/// <param name="scheduler">The scheduler that queued the run and holds its call permit.</param>
/// <param name="key">The key all the run's events share.</param>
internal sealed class ViewRun(RunScheduler scheduler, string key) : ISequencedWork
{
    private int _filled;

    public string Key => key;

    /// <summary>How many events the run gets from its batch; set before the first <see cref="Add"/>.</summary>
    public int Count { get; set; }

    public DecodedMessage[] Messages { get; private set; } = [];

    /// <summary>Set, under the scheduler's lock, when the call starts; the events are fixed from then on.</summary>
    public bool Started { get; set; }

    public void Add(DecodedMessage message)
    {
        if (_filled == 0)
        {
            Messages = new DecodedMessage[Count];
        }

        Messages[_filled++] = message;
    }

    /// <summary>Takes a later run's events of the same key, while this run waits and stays within <paramref name="limit"/> events.</summary>
    /// <remarks>Called under the scheduler's lock.</remarks>
    public bool TryAppend(ViewRun later, int limit)
    {
        if (Started || Messages.Length + later.Messages.Length > limit)
        {
            return false;
        }

        Messages = [.. Messages, .. later.Messages];
        return true;
    }

    public Task RunAsync() => scheduler.Start(this);

    /// <summary>Gives the run's call permit back; the delivery calls it once, when the run is done.</summary>
    public void Complete() => scheduler.Release();
}
