using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Threading.Channels;
using ActorViews.Streaming.Kafka.Diagnostics;
using ActorViews.Streaming.Kafka.Providers;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Orleans.Streams;

namespace ActorViews.Streaming.Kafka.Delivery;

/// <summary>
/// The delivery engine of one topic-partition this silo owns. A dedicated thread reads batches from Kafka;
/// the dispatch loop decodes them, dead-letters what cannot become an event, hands each key's run of events
/// to its view grains in one call (in offset order per key, bounded concurrency across keys), and queues
/// events for Orleans stream consumers. Offsets are committed only over a contiguous delivered run.
/// </summary>
internal sealed partial class PartitionPump : IAsyncDisposable, IPartitionGauges
{
    private const int BatchesReadAhead = 2;

    // Commit ticks an in-flight message may hold the commit before it is logged as held back.
    private const int HeldCommitTicks = 10;
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(5);

    private readonly KafkaTopic _topic;
    private readonly int _partition;
    private readonly TopicPartition _topicPartition;
    private readonly KafkaStreamOptions _options;
    private readonly IConsumer<byte[]?, byte[]?> _consumer;
    private readonly MessageDecoder _decoder;
    private readonly ViewDispatcher? _views;
    private readonly DeadLetterWriter _deadLetters;
    private readonly ILogger _logger;
    private readonly Channel<List<ConsumeResult<byte[]?, byte[]?>>> _batches =
        Channel.CreateBounded<List<ConsumeResult<byte[]?, byte[]?>>>(new BoundedChannelOptions(BatchesReadAhead) { SingleReader = true, SingleWriter = true });
    private readonly ConcurrentQueue<KafkaBatchContainer> _streamItems = new();

    // Stream events not yet delivered, for the failure handler to dead-letter.
    private readonly ConcurrentDictionary<long, (KafkaBatchContainer Container, ConsumeResult<byte[]?, byte[]?> Raw)> _streamPending = new();
    private readonly SemaphoreSlim _streamCapacity;
    private readonly KeyedSequencer _sequencer = new();
    private readonly CancellationTokenSource _stopReading = new();
    private readonly CancellationTokenSource _stopDelivering = new();

    // Reused by the dispatch loop for every batch: which key's run each event joins.
    private readonly Dictionary<string, ViewRun> _runs = new(StringComparer.Ordinal);

    // Work not yet handed to the sequencer, in partition order: view runs wait here for a call permit.
    private readonly Queue<(string Key, ISequencedWork Work)> _ready = new();

    // Each key's newest run that has not started (waiting for a permit or behind its key's call in flight),
    // which a later batch's events of that key join instead of queuing a call of their own.
    private readonly Dictionary<string, ViewRun> _waitingRuns = new(StringComparer.Ordinal);

    // Wakes the dispatch loop when the queued events fall back within MaxQueuedViewEvents.
    private readonly SemaphoreSlim _room = new(0, 1);

    // Guards _ready, _waitingRuns and the counters below.
    private readonly Lock _queueLock = new();
    private int _freeCalls;
    private int _queuedEvents;
    private bool _starting;
    private bool _roomWanted;
    private readonly Lock _commitLock = new();
    private OffsetTracker _tracker = new(0);
    private readonly HeldCommitWatch _heldCommit;
    private Thread? _reader;
    private Task _dispatch = Task.CompletedTask;
    private Task _committer = Task.CompletedTask;
    private long _committed = -1;
    private long _highWatermark = -1;

    // Wall clock (Unix ms) of the last commit tick that found everything written delivered.
    private long _caughtUpAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
    private string _logId = "";

    public PartitionPump(
        KafkaTopic topic,
        int partition,
        KafkaStreamOptions options,
        IConsumer<byte[]?, byte[]?> consumer,
        IKafkaEventSerializer serializer,
        IGrainFactory grainFactory,
        DeadLetterWriter deadLetters,
        ILogger logger)
    {
        _topic = topic;
        _partition = partition;
        _topicPartition = new TopicPartition(topic.Name, partition);
        _options = options;
        _consumer = consumer;
        _decoder = new MessageDecoder(topic, serializer, options.MaxMessageBytes);
        _views = topic.Views.Count > 0 ? ViewDispatcher.Create(topic, grainFactory) : null;
        _deadLetters = deadLetters;
        _logger = logger;
        _freeCalls = options.MaxConcurrentViewCalls;
        Tags = KafkaStreamMetrics.Tags(topic.Name, partition);
        _streamCapacity = new SemaphoreSlim(options.MaxBatchSize * 4);
        _heldCommit = new HeldCommitWatch(options.CommitInterval * HeldCommitTicks);
    }

    /// <summary>The offset committed last by this pump, or -1 before its first commit.</summary>
    public long CommittedOffset => Interlocked.Read(ref _committed);

    public TagList Tags { get; }

    /// <summary>The silo reading the partition (its address), for the metrics; null outside a silo.</summary>
    public string? Owner { get; init; }

    // Refreshed by the reader from librdkafka's fetch state, so a metrics scrape never touches the consumer.
    public long HighWatermark => Math.Max(Interlocked.Read(ref _highWatermark), CommittedOffset);

    /// <summary>
    /// The age of the oldest message read but not delivered; with none in flight but messages unread (the reader
    /// cannot reach the broker, or waits), the time since the partition was last caught up, which no unread
    /// message is older than; 0 when caught up.
    /// </summary>
    public double LagSeconds
    {
        get
        {
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            var since = _tracker.OldestPendingTimestamp()
                ?? (HighWatermark > _tracker.CommittableOffset() ? Interlocked.Read(ref _caughtUpAt) : now);
            return Math.Max(0, (now - since) / 1000.0);
        }
    }

    /// <summary>Starts reading at <paramref name="startOffset"/>, which the caller assigned the consumer to.</summary>
    /// <param name="startOffset">The first offset to read.</param>
    /// <param name="logId">The partition's log identity (topic ID), handed to views with every batch.</param>
    public void Start(long startOffset, string logId)
    {
        _tracker = new OffsetTracker(startOffset);
        _committed = startOffset;
        _logId = logId;
        KafkaStreamMetrics.Register(this);
        _reader = new Thread(ReadLoop) { IsBackground = true, Name = $"kafka-{_topic.Name}-{_partition}" };
        _reader.Start();
        _dispatch = Task.Run(DispatchLoopAsync);
        _committer = Task.Run(CommitLoopAsync);
    }

    /// <summary>Takes up to <paramref name="maxCount"/> events waiting for Orleans stream consumers.</summary>
    public IList<IBatchContainer> TakeStreamItems(int maxCount)
    {
        var items = new List<IBatchContainer>(Math.Min(maxCount, _streamItems.Count));
        while (items.Count < maxCount && _streamItems.TryDequeue(out var item))
        {
            items.Add(item);
        }

        if (items.Count > 0)
        {
            _streamCapacity.Release(items.Count);
        }

        return items;
    }

    /// <summary>Records events the Orleans pulling agent has finished delivering to stream consumers.</summary>
    public void MarkStreamItemsDelivered(IList<IBatchContainer> items)
    {
        foreach (var item in items)
        {
            if (item is KafkaBatchContainer { Segment: { } segment } container)
            {
                _streamPending.TryRemove(container.Token.SequenceNumber, out _);
                MarkDelivered(segment, container.Index);
            }
        }
    }

    /// <summary>
    /// Dead-letters a stream event Orleans gave up delivering, and counts it delivered: Orleans' cache never
    /// reports a failed event as delivered, so without this the partition's commit would stop at it forever.
    /// False when this pump no longer holds the event.
    /// </summary>
    public async Task<bool> DeadLetterStreamItemAsync(long offset, string reason)
    {
        if (!_streamPending.TryGetValue(offset, out var pending))
        {
            return false;
        }

        await _deadLetters.WriteAsync(_topic, pending.Raw, reason, _stopDelivering.Token).ConfigureAwait(false);
        KafkaStreamMetrics.RecordDeadLettered(Tags);
        LogDeadLettered(_topic.Name, _partition, offset, _topic.DeadLetterTopic, reason);
        if (_streamPending.TryRemove(offset, out _))
        {
            MarkDelivered(pending.Container.Segment!, pending.Container.Index);
        }

        return true;
    }

    /// <summary>
    /// Stops reading, lets view calls already made finish within <paramref name="timeout"/>, and commits what
    /// was delivered. Events not delivered by then are redelivered by the partition's next owner.
    /// </summary>
    /// <returns>Whether the reader thread has ended, so the consumer may be closed.</returns>
    public async Task<bool> StopAsync(TimeSpan timeout)
    {
        KafkaStreamMetrics.Unregister(this);
        await _stopReading.CancelAsync().ConfigureAwait(false);
        await _stopDelivering.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(_dispatch, _committer).WaitAsync(timeout).ConfigureAwait(false);
            await _sequencer.WhenAllAsync().WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            LogStopTimedOut(_topic.Name, _partition, timeout);
        }

        var readerEnded = _reader?.Join(timeout) ?? true;
        Commit();
        return readerEnded;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stopReading.IsCancellationRequested)
        {
            await StopAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }

        _stopReading.Dispose();
        _stopDelivering.Dispose();
        _room.Dispose();
        _streamCapacity.Dispose();
    }

    private void ReadLoop()
    {
        var token = _stopReading.Token;
        try
        {
            while (!token.IsCancellationRequested)
            {
                try
                {
                    var batch = ReadBatch(token);
                    Interlocked.Exchange(ref _highWatermark, _consumer.GetWatermarkOffsets(_topicPartition).High.Value);
                    if (batch.Count > 0)
                    {
                        // Blocks while the dispatch loop is BatchesReadAhead batches behind: backpressure on the reader.
                        _batches.Writer.WriteAsync(batch, token).AsTask().GetAwaiter().GetResult();
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException and not ObjectDisposedException)
                {
                    // An exception escaping this thread would end the process; the partition retries instead.
                    LogReadFailed(ex, _topic.Name, _partition, ex.Message);
                    token.WaitHandle.WaitOne(_options.RetryBackoff);
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
        {
            // Stopping, or the consumer is gone: the partition's next owner takes over.
        }
        finally
        {
            _batches.Writer.TryComplete();
        }
    }

    private List<ConsumeResult<byte[]?, byte[]?>> ReadBatch(CancellationToken token)
    {
        var batch = new List<ConsumeResult<byte[]?, byte[]?>>();
        try
        {
            var first = _consumer.Consume(_options.PollTimeout);
            if (first is null)
            {
                return batch;
            }

            batch.Add(first);
            while (batch.Count < _options.MaxBatchSize && !token.IsCancellationRequested)
            {
                var next = _consumer.Consume(TimeSpan.Zero);
                if (next is null)
                {
                    break;
                }

                batch.Add(next);
            }
        }
        catch (ConsumeException ex)
        {
            LogReadFailed(ex, _topic.Name, _partition, ex.Error.Reason);
            token.WaitHandle.WaitOne(_options.RetryBackoff);
        }

        return batch;
    }

    private async Task DispatchLoopAsync()
    {
        var token = _stopDelivering.Token;
        try
        {
            await foreach (var batch in _batches.Reader.ReadAllAsync(token).ConfigureAwait(false))
            {
                await DispatchReadAsync(batch, token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            LogDispatchFailed(ex, _topic.Name, _partition);
            throw;
        }
    }

    private async Task DispatchAsync(List<ConsumeResult<byte[]?, byte[]?>> batch, CancellationToken token)
    {
        var decoded = new DecodedMessage[batch.Count];
        var offsets = new long[batch.Count];
        var timestamps = new long[batch.Count];
        var parts = new byte[batch.Count];
        KafkaStreamMetrics.RecordConsumed(Tags, batch.Count);
        for (var i = 0; i < batch.Count; i++)
        {
            decoded[i] = _decoder.Decode(batch[i]) with { Index = i };
            offsets[i] = decoded[i].Offset;
            timestamps[i] = batch[i].Message.Timestamp.UnixTimestampMs;
            parts[i] = decoded[i].FailureReason is not null ? (byte)1 : (byte)((_views is null ? 0 : 1) + (_topic.DeliverToStreams ? 1 : 0));
        }

        var segment = _tracker.Append(offsets, parts, timestamps);
        for (var i = 0; i < decoded.Length; i++)
        {
            decoded[i] = decoded[i] with { Segment = segment };
        }

        if (_views is not null)
        {
            CountRuns(decoded);
        }

        for (var i = 0; i < decoded.Length; i++)
        {
            var message = decoded[i];
            if (message.FailureReason is { } reason)
            {
                lock (_queueLock)
                {
                    _ready.Enqueue((message.Key ?? "", new DeadLetterRun(this, message, reason)));
                    _queuedEvents++;
                }

                continue;
            }

            if (_views is not null)
            {
                _runs[message.Key!].Add(message);
            }

            if (_topic.DeliverToStreams)
            {
                await _streamCapacity.WaitAsync(token).ConfigureAwait(false);
                var streamId = StreamId.Create(_topic.Namespace, message.Key!);
                var container = new KafkaBatchContainer(streamId, message.Event!, new KafkaSequenceToken(_partition, message.Offset))
                {
                    Segment = segment,
                    Index = i,
                };
                _streamPending[message.Offset] = (container, message.Raw);
                _streamItems.Enqueue(container);
            }
        }

        QueueRuns();
        StartReady();
        await WaitForRoomAsync(token).ConfigureAwait(false);
    }

    /// <summary>
    /// Queues the batch's runs. A run whose key already has one waiting (for a call permit, or behind the
    /// key's call in flight) joins it, up to a batch's size: when views are slower than the log, a key gets
    /// fewer, larger calls (one state write for many events) instead of a queue of small ones.
    /// </summary>
    private void QueueRuns()
    {
        lock (_queueLock)
        {
            foreach (var run in _runs.Values)
            {
                _queuedEvents += run.Messages.Length;
                if (_waitingRuns.TryGetValue(run.Key, out var waiting) && waiting.TryAppend(run, _options.MaxBatchSize))
                {
                    continue;
                }

                _waitingRuns[run.Key] = run;
                _ready.Enqueue((run.Key, run));
            }
        }
    }

    /// <summary>
    /// Hands queued work to the sequencer in order, each view run once it has a call permit. Called by the
    /// dispatch loop and by every call that returns its permit; one caller at a time starts work, so a key's
    /// work reaches the sequencer in partition order, and a call that completes inline cannot recurse.
    /// </summary>
    private void StartReady()
    {
        lock (_queueLock)
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
            lock (_queueLock)
            {
                var stopping = _stopDelivering.IsCancellationRequested;
                if (stopping || !_ready.TryPeek(out next) || (next.Work is ViewRun && _freeCalls == 0))
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
                    WakeDispatchIfRoom();
                }
            }

            _ = _sequencer.Enqueue(next.Key, next.Work);
        }
    }

    private void ReleaseCall()
    {
        lock (_queueLock)
        {
            _freeCalls++;
        }

        StartReady();
    }

    /// <summary>Backpressure on the reader: waits while more than MaxQueuedViewEvents events wait for their calls.</summary>
    private async Task WaitForRoomAsync(CancellationToken token)
    {
        while (true)
        {
            lock (_queueLock)
            {
                if (_queuedEvents <= _options.MaxQueuedViewEvents)
                {
                    return;
                }

                _roomWanted = true;
            }

            await _room.WaitAsync(token).ConfigureAwait(false);
        }
    }

    // Called under _queueLock whenever queued events leave the queue.
    private void WakeDispatchIfRoom()
    {
        if (_roomWanted && _queuedEvents <= _options.MaxQueuedViewEvents)
        {
            _roomWanted = false;
            _room.Release();
        }
    }

    /// <summary>Marks <paramref name="run"/> started: from now on its events are fixed.</summary>
    private void OnStarting(ViewRun run)
    {
        lock (_queueLock)
        {
            run.Started = true;
            _queuedEvents -= run.Messages.Length;
            if (_waitingRuns.TryGetValue(run.Key, out var waiting) && waiting == run)
            {
                _waitingRuns.Remove(run.Key);
            }

            WakeDispatchIfRoom();
        }
    }

    // Sizes each key's run before it is filled, so a run allocates exactly one array of its events.
    private void CountRuns(DecodedMessage[] decoded)
    {
        // Cleared here rather than after dispatch: a batch cut short by stopping leaves its runs behind.
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

    private async Task DeliverToViewsAsync(ViewRun run)
    {
        var token = _stopDelivering.Token;
        try
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                await _views!.DispatchAsync(run.Key, _partition, run.Messages, _logId).ConfigureAwait(false);
            }
            catch (Exception ex) when (!token.IsCancellationRequested)
            {
                _views!.RecordCall(Stopwatch.GetElapsedTime(started), run.Messages.Length, succeeded: false);

                // Kept out of this method so the state machine allocated for every run stays small.
                await RecoverAsync(run, ex, token).ConfigureAwait(false);
                return;
            }

            _views.RecordCall(Stopwatch.GetElapsedTime(started), run.Messages.Length, succeeded: true);
            MarkApplied(run.Messages);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Ownership is moving: what was not delivered stays uncommitted and the next owner redelivers it.
        }
        catch (Exception ex)
        {
            LogDispatchFailed(ex, _topic.Name, _partition);
        }
        finally
        {
            ReleaseCall();
        }
    }

    private async Task RecoverAsync(ViewRun run, Exception firstFailure, CancellationToken token)
    {
        var (key, messages) = (run.Key, run.Messages);
        try
        {
            var failure = await RetryAsync(key, messages, firstFailure, token).ConfigureAwait(false);
            if (failure is null)
            {
                MarkApplied(messages);
                return;
            }

            // One bad event must not take its neighbours to the dead-letter topic: retry them one by one.
            foreach (var message in messages)
            {
                var single = messages.Length == 1 ? failure : await ApplyAsync(key, [message], token).ConfigureAwait(false);
                if (single is null)
                {
                    MarkApplied([message]);
                }
                else
                {
                    await DeadLetterAsync(message, $"Applying the event failed {_options.MaxDeliveryAttempts} times: {single.GetType().Name}: {single.Message}").ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Ownership is moving: what was not delivered stays uncommitted and the next owner redelivers it.
        }
        catch (Exception ex)
        {
            LogDispatchFailed(ex, _topic.Name, _partition);
        }
    }

    /// <summary>Applies the events to every view, with <see cref="RetryAsync"/>'s retries.</summary>
    private async Task<Exception?> ApplyAsync(string key, DecodedMessage[] messages, CancellationToken token)
    {
        try
        {
            await TimedDispatchAsync(key, messages).ConfigureAwait(false);
            return null;
        }
        catch (Exception ex) when (!token.IsCancellationRequested)
        {
            return await RetryAsync(key, messages, ex, token).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Retries events whose first apply failed with <paramref name="failure"/>. Infrastructure failures are
    /// retried for as long as this silo owns the partition; failures of the view's logic up to
    /// <see cref="KafkaStreamOptions.MaxDeliveryAttempts"/> times. Returns the last logic failure, or null once applied.
    /// </summary>
    private async Task<Exception?> RetryAsync(string key, DecodedMessage[] messages, Exception failure, CancellationToken token)
    {
        var delay = _options.RetryBackoff;
        var logicFailures = 0;
        for (var attempt = 1; ; attempt++)
        {
            KafkaStreamMetrics.RecordFailure(Tags);
            var transient = DeliveryFailures.IsTransient(failure);
            if (!transient && ++logicFailures >= _options.MaxDeliveryAttempts)
            {
                return failure;
            }

            LogApplyRetry(failure, _topic.Name, _partition, messages[0].Offset, attempt, transient);
            await Task.Delay(delay, token).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
            try
            {
                await TimedDispatchAsync(key, messages).ConfigureAwait(false);
                return null;
            }
            catch (Exception ex) when (!token.IsCancellationRequested)
            {
                failure = ex;
            }
        }
    }

    private async Task DeadLetterAsync(DecodedMessage message, string reason)
    {
        var token = _stopDelivering.Token;
        try
        {
            await _deadLetters.WriteAsync(_topic, message.Raw, reason, token).ConfigureAwait(false);
            KafkaStreamMetrics.RecordDeadLettered(Tags);
            LogDeadLettered(_topic.Name, _partition, message.Offset, _topic.DeadLetterTopic, reason);
            MarkDelivered(message);
        }
        catch (OperationCanceledException)
        {
            // Stopping: what was not dead-lettered stays uncommitted and goes to the next owner.
        }
    }

    // The recovery path's view calls: rare, so timing them may cost the wrapper the first call avoids.
    private async Task TimedDispatchAsync(string key, DecodedMessage[] messages)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await _views!.DispatchAsync(key, _partition, messages, _logId).ConfigureAwait(false);
        }
        catch
        {
            _views!.RecordCall(Stopwatch.GetElapsedTime(started), messages.Length, succeeded: false);
            throw;
        }

        _views.RecordCall(Stopwatch.GetElapsedTime(started), messages.Length, succeeded: true);
    }

    /// <summary>Counts events every view applied, then reports them delivered (for the views' part).</summary>
    private void MarkApplied(DecodedMessage[] messages)
    {
        KafkaStreamMetrics.RecordApplied(Tags, messages.Length);
        MarkDelivered(messages);
    }

    private void MarkDelivered(DecodedMessage[] messages)
    {
        var delivered = 0;
        foreach (var message in messages)
        {
            delivered += _tracker.MarkDelivered(message.Segment!, message.Index) ? 1 : 0;
        }

        KafkaStreamMetrics.RecordDelivered(Tags, delivered);
    }

    private void MarkDelivered(DecodedMessage message) => MarkDelivered(message.Segment!, message.Index);

    private void MarkDelivered(OffsetTracker.Segment segment, int index)
    {
        if (_tracker.MarkDelivered(segment, index))
        {
            KafkaStreamMetrics.RecordDelivered(Tags, 1);
        }
    }

    private async Task CommitLoopAsync()
    {
        using var timer = new PeriodicTimer(_options.CommitInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stopDelivering.Token).ConfigureAwait(false))
            {
                ObserveProgress();
                Commit();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void Commit()
    {
        lock (_commitLock)
        {
            var (offset, inFlight) = _tracker.CommitPoint();
            WatchHeldCommit(offset, inFlight);
            if (offset <= _committed)
            {
                return;
            }

            try
            {
                if (!HoldsLease(offset))
                {
                    return;
                }

                _consumer.Commit([new TopicPartitionOffset(_topicPartition, offset)]);
                Interlocked.Exchange(ref _committed, offset);
            }
            catch (KafkaException ex)
            {
                // The next tick retries; nothing is lost by committing later.
                LogCommitFailed(_topic.Name, _partition, offset, ex.Error.Reason);
            }
        }
    }

    /// <summary>
    /// Refreshes the high watermark from librdkafka's fetch state (the reader refreshes it only between reads,
    /// and waits while delivery is behind), and notes when the partition is caught up, for lag in seconds.
    /// </summary>
    private void ObserveProgress()
    {
        var high = _consumer.GetWatermarkOffsets(_topicPartition).High;
        if (high != Offset.Unset)
        {
            Interlocked.Exchange(ref _highWatermark, high.Value);
        }

        if (_tracker.CommittableOffset() >= HighWatermark)
        {
            Interlocked.Exchange(ref _caughtUpAt, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        }
    }

    private void WatchHeldCommit(long offset, bool inFlight)
    {
        switch (_heldCommit.Observe(offset, inFlight, Environment.TickCount64))
        {
            case HeldCommitWatch.Change.HeldBack:
                LogCommitHeldBack(_topic.Name, _partition, _heldCommit.Offset, _heldCommit.HeldFor);
                break;
            case HeldCommitWatch.Change.Released:
                LogCommitReleased(_topic.Name, _partition, _heldCommit.Offset, _heldCommit.HeldFor);
                break;
        }
    }

    [LoggerMessage(EventId = 1100, Level = LogLevel.Warning, Message = "Reading {Topic}-{Partition} failed: {Reason}; retrying")]
    private partial void LogReadFailed(Exception exception, string topic, int partition, string reason);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Error, Message = "Delivering {Topic}-{Partition} failed unexpectedly")]
    private partial void LogDispatchFailed(Exception exception, string topic, int partition);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning, Message = "Applying {Topic}-{Partition}@{Offset} failed (attempt {Attempt}, infrastructure: {Transient}); retrying")]
    private partial void LogApplyRetry(Exception exception, string topic, int partition, long offset, int attempt, bool transient);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Warning, Message = "Dead-lettered {Topic}-{Partition}@{Offset} to {DeadLetterTopic}: {Reason}")]
    private partial void LogDeadLettered(string topic, int partition, long offset, string deadLetterTopic, string reason);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Warning, Message = "Committing {Topic}-{Partition} at {Offset} failed: {Reason}; will retry")]
    private partial void LogCommitFailed(string topic, int partition, long offset, string reason);

    [LoggerMessage(EventId = 1105, Level = LogLevel.Warning, Message = "Stopping {Topic}-{Partition} took longer than {Timeout}; undelivered events go to the next owner")]
    private partial void LogStopTimedOut(string topic, int partition, TimeSpan timeout);

    [LoggerMessage(EventId = 1106, Level = LogLevel.Warning, Message = "Commit of {Topic}-{Partition} held back at {Offset} for {HeldFor}: that event is still being delivered")]
    private partial void LogCommitHeldBack(string topic, int partition, long offset, TimeSpan heldFor);

    [LoggerMessage(EventId = 1107, Level = LogLevel.Information, Message = "Commit of {Topic}-{Partition} moves past {Offset} again after {HeldFor}")]
    private partial void LogCommitReleased(string topic, int partition, long offset, TimeSpan heldFor);
}
