namespace ActorViews.Streaming.Kafka.Delivery;

/// <summary>
/// Feeds a partition's partition views: every decodable event, whatever its key, in offset order, one call at a
/// time under the partition's <see cref="KafkaPartitionKey"/>. Events read while a call is in flight join the
/// next call, up to <c>maxCallEvents</c>, so a slow partition view gets fewer, larger calls (one state write
/// for many events) rather than falling behind by a queue of small ones; the reader is held back while more than
/// <c>maxQueuedEvents</c> events wait.
/// </summary>
internal sealed class PartitionViewLane : IDisposable
{
    private readonly string _key;
    private readonly Func<string, DecodedMessage[], Task> _deliver;
    private readonly int _maxCallEvents;
    private readonly int _maxQueuedEvents;
    private readonly CancellationToken _stopping;
    private readonly Queue<DecodedMessage> _waiting = new();

    // Wakes the batch intake when the waiting events fall back within the limit.
    private readonly SemaphoreSlim _room = new(0, 1);

    // Guards _waiting, _calling and _roomWanted.
    private readonly Lock _lock = new();
    private bool _calling;
    private bool _roomWanted;
    private Task _calls = Task.CompletedTask;

    /// <param name="key">The partition views' grain key: <see cref="KafkaPartitionKey.Of"/> the partition.</param>
    /// <param name="deliver">Applies events to the partition views, retrying and dead-lettering as needed; must not throw.</param>
    /// <param name="maxCallEvents">How many events one call may carry.</param>
    /// <param name="maxQueuedEvents">How many events may wait for a call before the intake waits.</param>
    /// <param name="stopping">Once cancelled, no more calls start; what waits is left to the partition's next owner.</param>
    public PartitionViewLane(
        string key,
        Func<string, DecodedMessage[], Task> deliver,
        int maxCallEvents,
        int maxQueuedEvents,
        CancellationToken stopping)
    {
        _key = key;
        _deliver = deliver;
        _maxCallEvents = maxCallEvents;
        _maxQueuedEvents = maxQueuedEvents;
        _stopping = stopping;
    }

    /// <summary>How many events wait for a call.</summary>
    public int QueuedEvents
    {
        get
        {
            lock (_lock)
            {
                return _waiting.Count;
            }
        }
    }

    /// <summary>
    /// Queues a read batch's events in read order and starts a call unless one is in flight. Undecodable
    /// messages are left out: they are dead-lettered once, by the key views' scheduler.
    /// </summary>
    /// <remarks>Called by the batch intake only, one batch at a time.</remarks>
    public void Add(DecodedMessage[] batch)
    {
        DecodedMessage[]? first;
        lock (_lock)
        {
            foreach (var message in batch)
            {
                if (message.FailureReason is null)
                {
                    _waiting.Enqueue(message);
                }
            }

            if (_calling)
            {
                return;
            }

            first = TakeNext();
        }

        if (first is not null)
        {
            _calls = CallInTurnAsync(first);
        }
    }

    /// <summary>Backpressure on the reader: waits while more than the limit of events wait for their call.</summary>
    public async Task WaitForRoomAsync(CancellationToken token)
    {
        while (true)
        {
            lock (_lock)
            {
                if (_waiting.Count <= _maxQueuedEvents)
                {
                    return;
                }

                _roomWanted = true;
            }

            await _room.WaitAsync(token).ConfigureAwait(false);
        }
    }

    /// <summary>Completes when the calls started so far have finished.</summary>
    public Task WhenAllAsync() => _calls;

    public void Dispose() => _room.Dispose();

    // One loop per burst of work rather than each call starting the next, so a call that completes inline cannot recurse.
    private async Task CallInTurnAsync(DecodedMessage[] first)
    {
        for (var events = first; events is not null;)
        {
            await _deliver(_key, events).ConfigureAwait(false);
            lock (_lock)
            {
                events = TakeNext();
            }
        }
    }

    // Called under _lock: the next call's events, or null (and no call in flight) when none wait or stopping.
    private DecodedMessage[]? TakeNext()
    {
        if (_waiting.Count == 0 || _stopping.IsCancellationRequested)
        {
            _calling = false;
            return null;
        }

        var events = new DecodedMessage[Math.Min(_waiting.Count, _maxCallEvents)];
        for (var i = 0; i < events.Length; i++)
        {
            events[i] = _waiting.Dequeue();
        }

        _calling = true;
        if (_roomWanted && _waiting.Count <= _maxQueuedEvents)
        {
            _roomWanted = false;
            _room.Release();
        }

        return events;
    }
}
