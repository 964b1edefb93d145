using System.Runtime.InteropServices;

namespace ActorViews.Streaming.Kafka.Delivery;

/// <summary>
/// Turns a partition's read events into work for <see cref="KeyedSequencer"/>: each key's events of a batch
/// become one <see cref="ViewRun"/>; a run waiting for its call takes in later events of its key; at most
/// <c>maxCalls</c> runs are in flight; and the reader is held back while more than <c>maxQueuedEvents</c>
/// events wait for a call. Work reaches the sequencer in partition order, so a key's events stay in order.
/// </summary>
internal sealed class RunScheduler : IDisposable
{
    private readonly KeyedSequencer _sequencer = new();
    private readonly Func<ViewRun, Task> _deliver;
    private readonly Func<DecodedMessage, string, Task> _deadLetter;
    private readonly int _maxRunEvents;
    private readonly int _maxQueuedEvents;
    private readonly CancellationToken _stopping;

    // Reused for every batch: which key's run each event joins.
    private readonly Dictionary<string, ViewRun> _runs = new(StringComparer.Ordinal);

    // Work not yet handed to the sequencer, in partition order: view runs wait here for a call permit.
    private readonly Queue<(string Key, ISequencedWork Work)> _ready = new();

    // Each key's newest run that has not started (waiting for a permit or behind its key's call in flight),
    // which a later batch's events of that key join instead of queuing a call of their own.
    private readonly Dictionary<string, ViewRun> _waitingRuns = new(StringComparer.Ordinal);

    // Wakes the batch intake when the queued events fall back within the limit.
    private readonly SemaphoreSlim _room = new(0, 1);

    // Guards _ready, _waitingRuns and the counters below.
    private readonly Lock _lock = new();
    private int _freeCalls;
    private int _queuedEvents;
    private bool _starting;
    private bool _roomWanted;

    /// <param name="deliver">Applies a run to the views; must call <see cref="ViewRun.Complete"/> once done, and not throw.</param>
    /// <param name="deadLetter">Dead-letters a message that cannot become an event; must not throw.</param>
    /// <param name="maxCalls">How many runs may be in flight.</param>
    /// <param name="maxQueuedEvents">How many events may wait for a call before the intake waits.</param>
    /// <param name="maxRunEvents">How many events one run may gather.</param>
    /// <param name="stopping">Once cancelled, no more work starts.</param>
    public RunScheduler(
        Func<ViewRun, Task> deliver,
        Func<DecodedMessage, string, Task> deadLetter,
        int maxCalls,
        int maxQueuedEvents,
        int maxRunEvents,
        CancellationToken stopping)
    {
        _deliver = deliver;
        _deadLetter = deadLetter;
        _freeCalls = maxCalls;
        _maxQueuedEvents = maxQueuedEvents;
        _maxRunEvents = maxRunEvents;
        _stopping = stopping;
    }

    /// <summary>How many events wait for a call (queued runs and dead letters not yet started).</summary>
    public int QueuedEvents
    {
        get
        {
            lock (_lock)
            {
                return _queuedEvents;
            }
        }
    }

    /// <summary>Sizes each key's run of a new batch before it is filled, so a run allocates one array of its events.</summary>
    public void BeginBatch(DecodedMessage[] decoded)
    {
        // Cleared here rather than after the batch: a batch cut short by stopping leaves its runs behind.
        _runs.Clear();
        foreach (var message in decoded)
        {
            if (message.FailureReason is null)
            {
                ref var run = ref CollectionsMarshal.GetValueRefOrAddDefault(_runs, message.Key!, out _);
                run ??= new ViewRun(this, message.Key!);
                run.Count++;
            }
        }
    }

    /// <summary>Adds an event of the batch begun last to its key's run.</summary>
    public void AddToRun(DecodedMessage message) => _runs[message.Key!].Add(message);

    /// <summary>Queues a dead letter in turn with its key's other work.</summary>
    public void QueueDeadLetter(DecodedMessage message, string reason)
    {
        lock (_lock)
        {
            _ready.Enqueue((message.Key ?? "", new DeadLetterWork(this, message, reason)));
            _queuedEvents++;
        }
    }

    /// <summary>
    /// Queues the batch's runs. A run whose key already has one waiting (for a call permit, or behind the
    /// key's call in flight) joins it, up to a batch's size: when views are slower than the log, a key gets
    /// fewer, larger calls (one state write for many events) instead of a queue of small ones.
    /// </summary>
    public void QueueRuns()
    {
        lock (_lock)
        {
            foreach (var run in _runs.Values)
            {
                _queuedEvents += run.Messages.Length;
                if (_waitingRuns.TryGetValue(run.Key, out var waiting) && waiting.TryAppend(run, _maxRunEvents))
                {
                    continue;
                }

                _waitingRuns[run.Key] = run;
                _ready.Enqueue((run.Key, run));
            }
        }
    }

    /// <summary>
    /// Hands queued work to the sequencer in order, each view run once it has a call permit. Called after a
    /// batch is queued and by every call that returns its permit; one caller at a time starts work, so a key's
    /// work reaches the sequencer in partition order, and a call that completes inline cannot recurse.
    /// </summary>
    public void StartReady()
    {
        lock (_lock)
        {
            if (_starting)
            {
                // The thread starting work now sees this caller's permit or work on its next turn.
                return;
            }

            _starting = true;
        }

        while (true)
        {
            (string Key, ISequencedWork Work) next;
            lock (_lock)
            {
                if (_stopping.IsCancellationRequested || !_ready.TryPeek(out next) || (next.Work is ViewRun && _freeCalls == 0))
                {
                    _starting = false;
                    return;
                }

                _ready.Dequeue();
                if (next.Work is ViewRun)
                {
                    _freeCalls--;
                }
                else
                {
                    _queuedEvents--;
                    WakeIntakeIfRoom();
                }
            }

            _ = _sequencer.Enqueue(next.Key, next.Work);
        }
    }

    /// <summary>Backpressure on the reader: waits while more than the limit of events wait for their calls.</summary>
    public async Task WaitForRoomAsync(CancellationToken token)
    {
        while (true)
        {
            lock (_lock)
            {
                if (_queuedEvents <= _maxQueuedEvents)
                {
                    return;
                }

                _roomWanted = true;
            }

            await _room.WaitAsync(token).ConfigureAwait(false);
        }
    }

    /// <summary>Completes when all work started so far has finished.</summary>
    public Task WhenAllAsync() => _sequencer.WhenAllAsync();

    public void Dispose() => _room.Dispose();

    /// <summary>Starts <paramref name="run"/>: from now on its events are fixed.</summary>
    internal Task Start(ViewRun run)
    {
        lock (_lock)
        {
            run.Started = true;
            _queuedEvents -= run.Messages.Length;
            if (_waitingRuns.TryGetValue(run.Key, out var waiting) && waiting == run)
            {
                _waitingRuns.Remove(run.Key);
            }

            WakeIntakeIfRoom();
        }

        return _deliver(run);
    }

    /// <summary>Returns a finished run's call permit and starts what waited for it.</summary>
    internal void Release()
    {
        lock (_lock)
        {
            _freeCalls++;
        }

        StartReady();
    }

    // Called under _lock whenever queued events leave the queue.
    private void WakeIntakeIfRoom()
    {
        if (_roomWanted && _queuedEvents <= _maxQueuedEvents)
        {
            _roomWanted = false;
            _room.Release();
        }
    }

    /// <summary>A message that cannot become an event, sent to the dead-letter topic in turn with its key's other work.</summary>
    private sealed class DeadLetterWork(RunScheduler scheduler, DecodedMessage message, string reason) : ISequencedWork
    {
        public Task RunAsync() => scheduler._deadLetter(message, reason);
    }
}
