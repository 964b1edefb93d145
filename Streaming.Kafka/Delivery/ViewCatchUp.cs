using System.Diagnostics;
using ActorViews.Streaming.Kafka.Diagnostics;
using ActorViews.Streaming.Kafka.Providers;
using Microsoft.Extensions.Logging;

namespace ActorViews.Streaming.Kafka.Delivery;

/// <summary>
/// One view catching up on one partition's history. It reads with a consumer of its own from the view's position,
/// so the live reader's views are neither held back nor delivered anything again; applies in batches through the
/// live reader's parts (<see cref="BatchIntake"/>, <see cref="RunScheduler"/> or <see cref="PartitionViewLane"/>,
/// <see cref="DeliveryPolicy"/>: a key's order, retries, dead letters naming the view); commits the view's
/// position to the view's own group as it goes (<see cref="PartitionCommitter"/> with the consumer of that group),
/// so a restart resumes where it was; and once it has applied and stored everything the live reader has taken
/// in, hands the view over to the live reader (<see cref="IViewHandover"/>), which delivers it the rest.
/// </summary>
/// <remarks>
/// A rebuild can reuse it as it is: a new version of a view is another view name reading from the log's start
/// beside the live one, and its hand-over is where reads may switch to it.
/// </remarks>
internal sealed class ViewCatchUp : IAsyncDisposable
{
    private static readonly TimeSpan ReleaseTimeout = TimeSpan.FromSeconds(30);
    private readonly string _topic;
    private readonly int _partition;
    private readonly int _view;
    private readonly string _name;
    private readonly long _from;
    private readonly IPartitionConsumer _consumer;
    private readonly IViewHandover _live;
    private readonly ILogger _logger;
    private readonly TimeSpan _checkEvery;
    private readonly CancellationTokenSource _stop = new();
    private readonly PartitionReader _reader;
    private readonly PartitionCommitter _committer;
    private readonly RunScheduler _scheduler;
    private readonly PartitionViewLane? _lane;
    private readonly BatchIntake _intake;
    private readonly Lock _releaseLock = new();
    private long _startedAt;
    private Task _run = Task.CompletedTask;
    private Task _commits = Task.CompletedTask;
    private Task<bool>? _released;
    private volatile bool _handedOver;

    /// <param name="topic">The partition's topic, with all its views.</param>
    /// <param name="view">The index of the view in <see cref="KafkaTopic.AllViews"/>.</param>
    /// <param name="partition">The partition.</param>
    /// <param name="from">The view's position: the first offset it has not applied; the consumer is assigned there.</param>
    /// <param name="options">The provider's options.</param>
    /// <param name="consumer">The catch-up's own consumer, in the view's group; disposed with the catch-up when disposable.</param>
    /// <param name="views">Calls the view: a dispatcher of <see cref="KafkaTopic.WithOnly"/> the view.</param>
    /// <param name="serializer">Turns message values into events.</param>
    /// <param name="deadLetters">Writes events the view refuses to the dead-letter topic.</param>
    /// <param name="live">The partition's live reader, to hand the view over to.</param>
    /// <param name="logger">The provider's logger.</param>
    /// <param name="lease">The partition's claim, which every commit of the view's position checks; unchecked when null.</param>
    /// <param name="logId">The partition's log identity, handed to the view with every batch.</param>
    public ViewCatchUp(
        KafkaTopic topic,
        int view,
        int partition,
        long from,
        KafkaStreamOptions options,
        IPartitionConsumer consumer,
        ViewDispatcher views,
        IKafkaEventSerializer serializer,
        DeadLetterWriter deadLetters,
        IViewHandover live,
        ILogger logger,
        PartitionLease? lease = null,
        string logId = "")
    {
        _topic = topic.Name;
        _partition = partition;
        _view = view;
        _name = topic.ViewNames[view];
        _from = from;
        _consumer = consumer;
        _live = live;
        _logger = logger;
        _checkEvery = options.PollTimeout;
        var only = topic.WithOnly(view);
        var stopping = _stop.Token;
        _reader = new PartitionReader(topic.Name, partition, consumer, options, logger);
        _committer = new PartitionCommitter(topic.Name, partition, options, consumer, _reader, lease, logger) { Fenced = Stop };
        _committer.Begin(from);
        var policy = new DeliveryPolicy(only, partition, options, views, deadLetters, _committer, logger, stopping)
        {
            NameViewInReasons = topic.AllViews.Count > 1,
            LogId = logId,
        };
        _scheduler = new RunScheduler(policy.DeliverAsync, policy.DeadLetterAsync, options.MaxConcurrentViewCalls, options.MaxQueuedViewEvents, options.MaxBatchSize, stopping);
        _lane = only.PartitionViews.Count > 0
            ? new PartitionViewLane(KafkaPartitionKey.Of(topic.Name, partition), policy.DeliverToPartitionViewsAsync, options.MaxBatchSize, options.MaxQueuedViewEvents, stopping)
            : null;

        // The live reader dead-letters what cannot become an event; here it is only passed.
        _intake = new BatchIntake(only, partition, new MessageDecoder(only, serializer, options.MaxMessageBytes), _committer, _scheduler, _lane, streams: null, policy, readLogId: null, options.RetryBackoff, logger)
        {
            DeadLettersUndecodable = false,
        };
    }

    /// <summary>The first offset the view has not applied.</summary>
    public long Position => _committer.Tracker.CommittableOffset();

    /// <summary>Whether the view was handed over to the live reader.</summary>
    public bool HandedOver => _handedOver;

    /// <summary>Completes when the catch-up has handed the view over or stopped.</summary>
    public Task Completion => _run;

    public void Start()
    {
        Interlocked.Exchange(ref _startedAt, Stopwatch.GetTimestamp());
        CatchUpLog.Started(_logger, _name, _topic, _partition, _from, _live.NextOffset);
        _reader.Start();
        _run = Task.Run(() => RunAsync(_stop.Token));
        _commits = _committer.RunAsync(_stop.Token);
    }

    /// <summary>
    /// Stops reading and lets calls already made finish within <paramref name="timeout"/>; stores the position
    /// the view reached, where the partition's next owner resumes.
    /// </summary>
    /// <returns>Whether the reader thread has ended, so the consumer could be closed.</returns>
    public Task<bool> StopAsync(TimeSpan timeout)
    {
        lock (_releaseLock)
        {
            return _released ??= ReleaseAsync(timeout);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(ReleaseTimeout).ConfigureAwait(false);
        _reader.Dispose();
        _scheduler.Dispose();
        _lane?.Dispose();
        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken token)
    {
        Task<bool>? ready = null;
        try
        {
            while (!token.IsCancellationRequested && _live.IsBuilding(_view))
            {
                if (_committer.Tracker.NextOffset >= _live.NextOffset && await TryHandOverAsync(token).ConfigureAwait(false))
                {
                    _handedOver = true;
                    CatchUpLog.HandedOver(_logger, _name, _topic, _partition, Position - _from, Stopwatch.GetElapsedTime(Interlocked.Read(ref _startedAt)), Position);
                    return;
                }

                // Woken by a batch, or after a while to look at the live reader again on a quiet partition.
                ready ??= _reader.Batches.WaitToReadAsync(token).AsTask();
                if (await Task.WhenAny(ready, Task.Delay(_checkEvery, token)).ConfigureAwait(false) != ready)
                {
                    continue;
                }

                if (!await ready.ConfigureAwait(false))
                {
                    return;
                }

                ready = null;
                if (_reader.Batches.TryRead(out var batch))
                {
                    await _intake.TakeAsync(batch, token).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            DeliveryLog.DispatchFailed(_logger, ex, _topic, _partition);
        }
        finally
        {
            // Handed over, or the live reader's log was replaced: the reader and its consumer are not needed.
            _ = StopAsync(ReleaseTimeout);
        }
    }

    // Everything taken in is applied and its position stored before the view goes live, so the live reader
    // starts exactly where the catch-up ended, and a restart after the switch reads nothing again.
    private async Task<bool> TryHandOverAsync(CancellationToken token)
    {
        while (_committer.Tracker.InFlight > 0)
        {
            await Task.Delay(_checkEvery, token).ConfigureAwait(false);
        }

        _committer.Commit();
        var position = Position;
        return _committer.CommittedOffset == position && !_committer.IsFenced && _live.TryHandOver(_view, position);
    }

    private void Stop()
    {
        _reader.Stop();
        try
        {
            _stop.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Disposed meanwhile.
        }
    }

    private async Task<bool> ReleaseAsync(TimeSpan timeout)
    {
        Stop();
        try
        {
            await Task.WhenAll(_run, _commits).WaitAsync(timeout).ConfigureAwait(false);
            await Task.WhenAll(_scheduler.WhenAllAsync(), _lane?.WhenAllAsync() ?? Task.CompletedTask).WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            DeliveryLog.StopTimedOut(_logger, _topic, _partition, timeout);
        }

        // A commit tick still inside librdkafka uses the consumer as much as the reader does.
        var readerEnded = await BrokerCalls.RunAsync(() => _reader.Join(timeout)).ConfigureAwait(false) && _commits.IsCompleted;

        // Handed over, the live reader stores the view's position; after a log reset it starts it afresh.
        if (!_handedOver && _live.IsBuilding(_view))
        {
            await BrokerCalls.RunAsync(_committer.Commit).ConfigureAwait(false);
            CatchUpLog.Stopped(_logger, _name, _topic, _partition, _committer.CommittedOffset);
        }

        if (readerEnded && _consumer is IDisposable owned)
        {
            owned.Dispose();
        }

        return readerEnded;
    }
}
