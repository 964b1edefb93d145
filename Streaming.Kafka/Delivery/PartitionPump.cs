using System.Diagnostics;
using ActorViews.Streaming.Kafka.Diagnostics;
using ActorViews.Streaming.Kafka.Providers;
using Microsoft.Extensions.Logging;
using Orleans.Streams;

namespace ActorViews.Streaming.Kafka.Delivery;

/// <summary>
/// The delivery engine of one topic-partition this silo owns, composed of its parts: the
/// <see cref="PartitionReader"/> reads batches on its own thread; the <see cref="BatchIntake"/> decodes them
/// and sends each event to its key's run (<see cref="RunScheduler"/>, applied by the <see cref="DeliveryPolicy"/>),
/// to the partition views' <see cref="PartitionViewLane"/> and to the <see cref="StreamItemQueue"/>; the
/// <see cref="PartitionCommitter"/> commits over what was delivered, per view and for the partition. A view that
/// starts behind the partition catches up with a <see cref="ViewCatchUp"/> of its own until it hands over.
/// </summary>
internal sealed class PartitionPump : IAsyncDisposable, IPartitionGauges
{
    private readonly KafkaTopic _topic;
    private readonly int _partition;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopDelivering = new();
    private readonly PartitionReader _reader;
    private readonly PartitionCommitter _committer;
    private readonly RunScheduler _scheduler;
    private readonly DeliveryPolicy _policy;
    private readonly PartitionViewLane? _partitionViews;
    private readonly StreamItemQueue? _streams;
    private readonly BatchIntake _intake;
    private readonly KafkaStreamOptions _options;
    private readonly IKafkaEventSerializer _serializer;
    private readonly IGrainFactory _grainFactory;
    private readonly DeadLetterWriter _deadLetters;
    private readonly PartitionLease? _lease;
    private readonly Func<string, long, IPartitionConsumer>? _openCatchUp;

    // By view index: the view's catch-up, where it started behind the partition; null elsewhere.
    private ViewCatchUp?[] _catchUps = [];
    private Task _dispatch = Task.CompletedTask;
    private Task _commits = Task.CompletedTask;

    /// <remarks>
    /// <c>lease</c> is the claim commits are made under (without one they are unchecked); <c>readLogId</c>
    /// reads the partition's log identity (topic ID) again once its offsets went back; <c>health</c> hears of
    /// the conditions the reader and committer find; <c>positions</c> keeps each view's own position;
    /// <c>openCatchUp</c> opens a consumer of a view's own group assigned the partition at an offset, for a view
    /// that starts behind the partition.
    /// </remarks>
    public PartitionPump(
        KafkaTopic topic,
        int partition,
        KafkaStreamOptions options,
        IPartitionConsumer consumer,
        IKafkaEventSerializer serializer,
        IGrainFactory grainFactory,
        DeadLetterWriter deadLetters,
        ILogger logger,
        PartitionLease? lease = null,
        Func<Task<string>>? readLogId = null,
        PartitionHealth? health = null,
        IViewPositionStore? positions = null,
        Func<string, long, IPartitionConsumer>? openCatchUp = null)
    {
        _options = options;
        _serializer = serializer;
        _grainFactory = grainFactory;
        _deadLetters = deadLetters;
        _lease = lease;
        _openCatchUp = openCatchUp;
        _topic = topic;
        _partition = partition;
        _logger = logger;
        Tags = KafkaStreamMetrics.Tags(topic.Name, partition);
        var stopping = _stopDelivering.Token;
        _reader = new PartitionReader(topic.Name, partition, consumer, options, logger, health);
        _committer = new PartitionCommitter(topic.Name, partition, options, consumer, _reader, lease, logger, health: health, views: topic.ViewNames, positions: positions) { Fenced = StopFenced };
        var views = topic.AllViews.Count > 0 ? ViewDispatcher.Create(topic, grainFactory) : null;
        _policy = new DeliveryPolicy(topic, partition, options, views, deadLetters, _committer, logger, stopping);
        _scheduler = new RunScheduler(_policy.DeliverAsync, _policy.DeadLetterAsync, options.MaxConcurrentViewCalls, options.MaxQueuedViewEvents, options.MaxBatchSize, stopping);
        _streams = topic.DeliverToStreams ? new StreamItemQueue(topic.Namespace, partition, options.MaxBatchSize * 4, _committer.MarkDelivered) : null;
        _partitionViews = topic.PartitionViews.Count > 0
            ? new PartitionViewLane(KafkaPartitionKey.Of(topic.Name, partition), _policy.DeliverToPartitionViewsAsync, options.MaxBatchSize, options.MaxQueuedViewEvents, stopping)
            : null;
        _intake = new BatchIntake(topic, partition, new MessageDecoder(topic, serializer, options.MaxMessageBytes), _committer, _scheduler, _partitionViews, _streams, _policy, readLogId, options.RetryBackoff, logger);
    }

    /// <summary>The offset committed last by this pump, or -1 before its first commit.</summary>
    public long CommittedOffset => _committer.CommittedOffset;

    public TagList Tags { get; }

    /// <summary>The silo reading the partition (its address), for the metrics; null outside a silo.</summary>
    public string? Owner { get; init; }

    public long HighWatermark => _committer.HighWatermark;

    public double LagSeconds => _committer.LagSeconds;

    public IEnumerable<(string View, long Position)> ViewPositions => _committer.Views.Select((view, i) => (view, Position(i)));

    public IEnumerable<string> BuildingViews => _committer.Views.Where((_, i) => _committer.IsBuilding(i));

    /// <summary>Whether a newer owner's claim stopped this pump.</summary>
    public bool Fenced => _committer.IsFenced;

    /// <summary>Called once a newer owner's claim has stopped this pump, for its receiver to decide what next.</summary>
    public Action<PartitionPump>? OnFenced { get; init; }

    /// <summary>Starts reading at <paramref name="startOffset"/>, which the caller assigned the consumer to.</summary>
    /// <param name="startOffset">The first offset to read.</param>
    /// <param name="logId">The partition's log identity (topic ID), handed to views with every batch.</param>
    /// <param name="viewStarts">
    /// Per view, where it starts (<see cref="ViewStartRule"/>); every view live at the start offset when null. A
    /// view that starts building gets a catch-up reader of its own, which needs the <c>openCatchUp</c> given.
    /// </param>
    public void Start(long startOffset, string logId, IReadOnlyList<ViewStartPoint>? viewStarts = null)
    {
        _committer.Begin(startOffset, viewStarts);
        _policy.ViewStarts = _committer.ViewStarts;
        _policy.LogId = logId;
        _catchUps = OpenCatchUps(viewStarts ?? [], logId);
        KafkaStreamMetrics.Register(this);
        _reader.Start();
        foreach (var catchUp in _catchUps)
        {
            catchUp?.Start();
        }

        _dispatch = Task.Run(DispatchLoopAsync);
        _commits = _committer.RunAsync(_stopDelivering.Token);
    }

    /// <summary>
    /// Completes with true once the view at index <paramref name="view"/> reads live on the partition (at once when
    /// it started live), with false when its catch-up stopped before the hand-over.
    /// </summary>
    public async Task<bool> WhenLive(int view)
    {
        if (_catchUps.ElementAtOrDefault(view) is not { } catchUp)
        {
            return true;
        }

        await catchUp.Completion.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        return catchUp.HandedOver;
    }

    /// <summary>Takes up to <paramref name="maxCount"/> events waiting for Orleans stream consumers.</summary>
    public IList<IBatchContainer> TakeStreamItems(int maxCount) => _streams?.Take(maxCount) ?? [];

    /// <summary>Records events the Orleans pulling agent has finished delivering to stream consumers.</summary>
    public void MarkStreamItemsDelivered(IList<IBatchContainer> items) => _streams?.MarkDelivered(items);

    /// <summary>
    /// Dead-letters a stream event Orleans gave up delivering, and counts it delivered: Orleans' cache never
    /// reports a failed event as delivered, so without this the partition's commit would stop at it forever.
    /// False when this pump no longer holds the event.
    /// </summary>
    public async Task<bool> DeadLetterStreamItemAsync(long offset, string reason)
    {
        if (_streams is null || !_streams.TryGetPending(offset, out var raw))
        {
            return false;
        }

        await _policy.WriteDeadLetterAsync(raw, reason).ConfigureAwait(false);
        _streams.MarkDeadLettered(offset);
        return true;
    }

    /// <summary>
    /// Stops reading, lets view calls already made finish within <paramref name="timeout"/>, and commits what
    /// was delivered. Events not delivered by then are redelivered by the partition's next owner.
    /// </summary>
    /// <returns>Whether the reader thread and the commit loop have ended, so the consumer may be closed.</returns>
    public async Task<bool> StopAsync(TimeSpan timeout)
    {
        KafkaStreamMetrics.Unregister(this);
        await Task.WhenAll(_catchUps.OfType<ViewCatchUp>().Select(c => c.StopAsync(timeout))).ConfigureAwait(false);
        _reader.Stop();
        await _stopDelivering.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(_dispatch, _commits).WaitAsync(timeout).ConfigureAwait(false);
            await Task.WhenAll(_scheduler.WhenAllAsync(), _partitionViews?.WhenAllAsync() ?? Task.CompletedTask).WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            DeliveryLog.StopTimedOut(_logger, _topic.Name, _partition, timeout);
        }

        var readerEnded = await BrokerCalls.RunAsync(() =>
        {
            var ended = _reader.Join(timeout);
            _committer.Commit();
            return ended;
        }).ConfigureAwait(false);

        // A commit tick still inside librdkafka (a broker away) uses the consumer as much as the reader does.
        return readerEnded && _commits.IsCompleted;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stopDelivering.IsCancellationRequested)
        {
            await StopAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }

        foreach (var catchUp in _catchUps.OfType<ViewCatchUp>())
        {
            await catchUp.DisposeAsync().ConfigureAwait(false);
        }

        _reader.Dispose();
        _stopDelivering.Dispose();
        _scheduler.Dispose();
        _partitionViews?.Dispose();
        _streams?.Dispose();
    }

    private async Task DispatchLoopAsync()
    {
        var token = _stopDelivering.Token;
        try
        {
            await foreach (var batch in _reader.Batches.ReadAllAsync(token).ConfigureAwait(false))
            {
                await _intake.TakeAsync(batch, token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            DeliveryLog.DispatchFailed(_logger, ex, _topic.Name, _partition);
            throw;
        }
    }

    private long Position(int view) =>
        _committer.IsBuilding(view) && _catchUps[view] is { } catchUp ? catchUp.Position : _committer.ViewPosition(view);

    // Opened before anything starts: a consumer that cannot be opened fails the start, which the receiver retries.
    private ViewCatchUp?[] OpenCatchUps(IReadOnlyList<ViewStartPoint> starts, string logId)
    {
        var catchUps = new ViewCatchUp?[_topic.AllViews.Count];
        try
        {
            for (var view = 0; view < starts.Count; view++)
            {
                if (!starts[view].Building)
                {
                    continue;
                }

                var open = _openCatchUp ?? throw new InvalidOperationException($"View {_committer.Views[view]} starts behind {_topic.Name}-{_partition} but the pump cannot open a catch-up reader.");
                var consumer = open(_committer.Views[view], starts[view].Offset);
                catchUps[view] = new ViewCatchUp(_topic, view, _partition, starts[view].Offset, _options, consumer, ViewDispatcher.Create(_topic.WithOnly(view), _grainFactory), _serializer, _deadLetters, _committer, _logger, _lease, logId);
            }
        }
        catch
        {
            foreach (var opened in catchUps.OfType<ViewCatchUp>())
            {
                opened.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }

            throw;
        }

        return catchUps;
    }

    // A newer claim took the partition: neither read nor deliver on, the new owner redelivers what is left.
    private void StopFenced()
    {
        _reader.Stop();
        try
        {
            _stopDelivering.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The receiver shut the pump down meanwhile.
            return;
        }

        OnFenced?.Invoke(this);
    }
}
