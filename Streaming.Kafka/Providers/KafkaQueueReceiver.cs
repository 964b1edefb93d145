using ActorViews.Streaming.Kafka.Delivery;
using ActorViews.Streaming.Kafka.Diagnostics;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Orleans.Streams;

namespace ActorViews.Streaming.Kafka.Providers;

/// <summary>
/// The receiver of one topic-partition. Orleans' queue balancer decides which silo runs it; it then claims the
/// partition, reads it from the consumer group's committed offset (Assign, no Kafka group rebalancing) and runs
/// the partition's delivery engine until the balancer moves the partition away.
/// </summary>
/// <remarks>
/// Orleans' pulling agent calls Initialize once, logs a failure and then polls the receiver as if it had
/// started, so a receiver that cannot start (broker down, mid hand-over, topic missing) keeps trying by itself;
/// and one whose claim another receiver superseded claims the partition back after
/// <see cref="KafkaStreamOptions.ReclaimAfterFencedDelay"/> for as long as Orleans gives it the queue. Once
/// Shutdown has begun it never claims: a claim then would fence the partition's new owner.
/// </remarks>
internal sealed partial class KafkaQueueReceiver(QueueId queue, KafkaTopic topic, int partition, KafkaReceiverContext context) : IQueueAdapterReceiver
{
    private static readonly TimeSpan MaxStartDelay = TimeSpan.FromSeconds(30);
    private readonly KafkaStreamOptions options = context.Options;
    private readonly ILogger logger = context.Logger;
    private readonly CancellationTokenSource _shutdown = new();
    private readonly PartitionHealth _health = new(topic.Name, partition, context.Logger);

    // Held by each start attempt and by a hand-back after fencing, so Shutdown can wait for the one in flight.
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private IConsumer<byte[]?, byte[]?>? _consumer;
    private volatile PartitionPump? _pump;

    // The view names (with versions) the running pump delivers to.
    private IReadOnlyList<string> _delivering = [];
    private Task _starting = Task.CompletedTask;
    private TimeSpan _timeout;

    // The kind of the last start failure (Kafka error code or exception type), to log each kind once at Warning.
    private string? _lastStartFailure;

    /// <summary>Whether the receiver is reading its partition.</summary>
    internal bool Started => _pump is not null;

    public async Task Initialize(TimeSpan timeout)
    {
        _timeout = timeout;
        KafkaStreamMetrics.Register(_health);
        context.Registry?.Track(queue, _health);
        if (context.Versions is { } versions)
        {
            versions.Changed += OnVersionsChanged;
        }

        if (!await TryStartAsync(attempt: 1).ConfigureAwait(false))
        {
            _starting = Task.Run(() => RetryStartAsync(options.RetryBackoff));
        }
    }

    public Task<IList<IBatchContainer>> GetQueueMessagesAsync(int maxCount, CancellationToken cancellationToken) =>
        Task.FromResult(_pump?.TakeStreamItems(maxCount) ?? []);

    public Task<IList<IBatchContainer>> GetQueueMessagesAsync(int maxCount) => GetQueueMessagesAsync(maxCount, CancellationToken.None);

    public Task MessagesDeliveredAsync(IList<IBatchContainer> messages, CancellationToken cancellationToken)
    {
        _pump?.MarkStreamItemsDelivered(messages);
        return Task.CompletedTask;
    }

    public Task MessagesDeliveredAsync(IList<IBatchContainer> messages) => MessagesDeliveredAsync(messages, CancellationToken.None);

    public async Task Shutdown(TimeSpan timeout)
    {
        await _shutdown.CancelAsync().ConfigureAwait(false);
        if (context.Versions is { } versions)
        {
            versions.Changed -= OnVersionsChanged;
        }

        // A start attempt in flight finishes (one that has not claimed yet gives up); none starts after this.
        await _lifecycle.WaitAsync().ConfigureAwait(false);
        _lifecycle.Release();
        await _starting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (_pump is { } pump)
        {
            await StopAsync(pump, timeout).ConfigureAwait(false);
        }

        if (context.Ownership is { } ownership)
        {
            await ownership.ReleaseAsync(topic.Name, partition).ConfigureAwait(false);
        }

        KafkaStreamMetrics.Unregister(_health);
        context.Registry?.Untrack(queue, _health);
    }

    private async Task RetryStartAsync(TimeSpan firstDelay)
    {
        var token = _shutdown.Token;
        var backoff = new Backoff(firstDelay, TimeSpan.FromTicks(Math.Max(firstDelay.Ticks, MaxStartDelay.Ticks)));
        for (var attempt = 2; !token.IsCancellationRequested; attempt++)
        {
            try
            {
                await backoff.WaitAsync(token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (await TryStartAsync(attempt).ConfigureAwait(false))
            {
                LogStartedAfterRetries(topic.Name, partition, attempt);
                return;
            }
        }
    }

    private async Task<bool> TryStartAsync(int attempt)
    {
        await _lifecycle.WaitAsync().ConfigureAwait(false);
        try
        {
            await StartAsync(_shutdown.Token).ConfigureAwait(false);
            _health.Leave(PartitionCondition.StartFailing);
            _health.Leave(PartitionCondition.Fenced);
            return true;
        }
        catch (OperationCanceledException) when (_shutdown.IsCancellationRequested)
        {
            DisposeUnstartedConsumer();
            return false;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            DisposeUnstartedConsumer();

            // A broker down for minutes must not flood the log: a failure like the last one is logged at Debug.
            var kind = ex is KafkaException kafka ? kafka.Error.Code.ToString() : ex.GetType().Name;
            if (kind == _lastStartFailure)
            {
                LogStartStillFailing(topic.Name, partition, attempt, ex.Message);
            }
            else
            {
                LogStartFailed(ex, topic.Name, partition, attempt, ex.Message);
            }

            _lastStartFailure = kind;
            _health.Enter(PartitionCondition.StartFailing, $"the receiver cannot start: {ex.Message}");
            return false;
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    private async Task StartAsync(CancellationToken token)
    {
        var timeout = _timeout;
        var tp = new TopicPartition(topic.Name, partition);

        // Read before the claim: a receiver that cannot learn the views' versions fences no reader that could.
        var delivered = await DeliveredTopicAsync().ConfigureAwait(false);

        // Claimed before the start offset is read: a stale owner's commit checked after this claim is refused.
        token.ThrowIfCancellationRequested();
        var epoch = await BrokerCalls.RunAsync(() => context.Fence.Claim(tp, timeout)).ConfigureAwait(false);
        var lease = new PartitionLease(context.Fence, tp, epoch);
        var logId = await LogIdAsync(timeout).ConfigureAwait(false);

        var (startOffset, marks) = await BrokerCalls.RunAsync(() => AssignConsumer(tp, logId, timeout)).ConfigureAwait(false);
        var viewStarts = await BrokerCalls.RunAsync(() => ReadViewStarts(delivered, tp, startOffset, marks, timeout)).ConfigureAwait(false);
        token.ThrowIfCancellationRequested();

        var source = new KafkaPartitionConsumer(_consumer!, tp);
        var pump = new PartitionPump(delivered, partition, options, source, context.Serializer, context.GrainFactory, context.DeadLetters, logger, lease, () => LogIdAsync(timeout), _health, context.ViewPositions, (view, offset) => OpenCatchUp(tp, view, offset))
        {
            Owner = context.Ownership?.SiloName,
            OnFenced = OnFenced,
        };
        pump.Start(startOffset, logId, viewStarts);
        _pump = pump;
        _delivering = delivered.ViewNames;
        context.Versions?.ReportWhenLive(pump, delivered, partition, _shutdown.Token);
        context.Registry?.Add(queue, pump);
        if (context.Ownership is { } ownership)
        {
            await ownership.ClaimAsync(topic.Name, partition).ConfigureAwait(false);
        }

        LogAssigned(topic.Name, partition, startOffset);
    }

    private ViewStartPoint[]? ReadViewStarts(KafkaTopic topic, TopicPartition tp, long startOffset, WatermarkOffsets marks, TimeSpan timeout)
    {
        if (context.ViewPositions is not { } store || topic.AllViews.Count == 0)
        {
            return null;
        }

        var views = topic.ViewNames;
        var starts = ViewStartRule.Resolve(startOffset, marks.Low.Value, marks.High.Value, views, topic.NewViewStarts, store.Read(tp, views, timeout));

        // A view reading the history (new, or resuming its catch-up) misses whatever retention deleted before it.
        TruncatedLogHead.CheckCatchUps(topic.Name, partition, starts, marks.Low.Value, logger);
        return starts;
    }

    // The topic with each view once per version its registry has delivered: the current one, and one building.
    private async Task<KafkaTopic> DeliveredTopicAsync()
    {
        if (context.Versions is not { } versions)
        {
            return topic;
        }

        await versions.EnsureReadAsync().ConfigureAwait(false);
        return topic.WithVersions(versions.Delivered);
    }

    // A rebuild started or switched: the pump starts again with the views' versions as they are now. It stops as
    // for a move to another silo, so every view goes on from its stored position and nothing is read twice.
    private void OnVersionsChanged() => _ = Task.Run(async () =>
    {
        await _lifecycle.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_shutdown.IsCancellationRequested || _pump is not { } pump || context.Versions is not { } versions
                || topic.WithVersions(versions.Delivered).ViewNames.SequenceEqual(_delivering))
            {
                return;
            }

            await StopAsync(pump, _timeout).ConfigureAwait(false);
            LogVersionsChanged(topic.Name, partition);
        }
        finally
        {
            _lifecycle.Release();
        }

        if (!await TryStartAsync(attempt: 1).ConfigureAwait(false))
        {
            _starting = Task.Run(() => RetryStartAsync(options.RetryBackoff));
        }
    });

    // A catch-up reads with a consumer of the view's own group, so its commits are the view's position.
    private KafkaPartitionConsumer OpenCatchUp(TopicPartition tp, string view, long offset)
    {
        var config = KafkaClientConfig.ForConsumer(options, $"actorviews-{context.ProviderName}-{topic.Name}-{partition}-{view}");
        config.GroupId = ViewNames.ProgressGroup(options.ConsumerGroupId, view);
        var consumer = new ConsumerBuilder<byte[]?, byte[]?>(config).Build();
        consumer.Assign(new TopicPartitionOffset(tp, offset));
        return new KafkaPartitionConsumer(consumer, tp, owned: true);
    }

    private (long Start, WatermarkOffsets Marks) AssignConsumer(TopicPartition tp, string logId, TimeSpan timeout)
    {
        _consumer = new ConsumerBuilder<byte[]?, byte[]?>(KafkaClientConfig.ForConsumer(options, $"actorviews-{context.ProviderName}-{topic.Name}-{partition}")).Build();
        var committed = _consumer.Committed([tp], timeout).Single().Offset;
        var marks = _consumer.QueryWatermarkOffsets(tp, timeout);
        long? resumeAt = committed.IsSpecial ? null : committed.Value;
        var start = resumeAt ?? marks.Low.Value;
        if (start > marks.High.Value)
        {
            // The group remembers more than the log holds: the topic was recreated under it.
            KafkaLogResets.Report(topic.Name, partition, logId, LogResetCause.CommittedOffsetBeyondEnd, $"the committed offset {start} is beyond the log's end {marks.High.Value}", logger);
            start = marks.Low.Value;
            resumeAt = null;
        }

        // With no committed offset the receiver starts at the log's beginning, which retention may have moved.
        TruncatedLogHead.Check(topic.Name, partition, resumeAt, marks.Low.Value, logger);
        start = Math.Max(start, marks.Low.Value);
        _consumer.Assign(new TopicPartitionOffset(tp, start));
        return (start, marks);
    }

    // The partition's claim was superseded while Orleans still gives this receiver the queue: the claimant may
    // have gone away (a receiver shutting down, a start attempt that lost the race), so claim it back later.
    private void OnFenced(PartitionPump fenced) => _ = Task.Run(async () =>
    {
        await _lifecycle.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_shutdown.IsCancellationRequested || _pump != fenced)
            {
                return;
            }

            await StopAsync(fenced, _timeout).ConfigureAwait(false);
            LogReclaimScheduled(topic.Name, partition, options.ReclaimAfterFencedDelay);
            _starting = Task.Run(() => RetryStartAsync(options.ReclaimAfterFencedDelay));
        }
        finally
        {
            _lifecycle.Release();
        }
    });

    private async Task StopAsync(PartitionPump pump, TimeSpan timeout)
    {
        context.Registry?.Remove(queue, pump);
        var consumerIdle = await pump.StopAsync(timeout).ConfigureAwait(false);
        await pump.DisposeAsync().ConfigureAwait(false);
        _pump = null;

        // What the stopped pump found no longer holds; a fence stays until the partition is claimed back.
        _health.Leave(PartitionCondition.Stuck);
        _health.Leave(PartitionCondition.ReadFailing);
        LogRevoked(topic.Name, partition, pump.CommittedOffset);
        var consumer = Interlocked.Exchange(ref _consumer, null);
        if (!consumerIdle)
        {
            // Closing a consumer another thread is still inside would crash the process; leaking it is safer.
            LogConsumerLeaked(topic.Name, partition);
        }
        else if (consumer is not null)
        {
            await BrokerCalls.RunAsync(() =>
            {
                consumer.Close();
                consumer.Dispose();
            }).ConfigureAwait(false);
        }
    }

    private void DisposeUnstartedConsumer()
    {
        if (_pump is null && Interlocked.Exchange(ref _consumer, null) is { } consumer)
        {
            consumer.Dispose();
        }
    }

    private async Task<string> LogIdAsync(TimeSpan timeout)
    {
        try
        {
            return await context.Producer.GetTopicIdAsync(topic.Name, timeout).ConfigureAwait(false);
        }
        catch (KafkaException ex)
        {
            // Views then fall back to offsets alone; a replaced log is still caught when offsets run past its end.
            LogNoLogId(topic.Name, ex.Message);
            return "";
        }
    }

    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "Partition {Topic}-{Partition} assigned to this silo; reading from offset {Offset}")]
    private partial void LogAssigned(string topic, int partition, long offset);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Partition {Topic}-{Partition} revoked from this silo; committed offset {Offset}")]
    private partial void LogRevoked(string topic, int partition, long offset);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "Could not read the topic ID of {Topic} ({Reason}); views cannot tell a recreated log from redelivery")]
    private partial void LogNoLogId(string topic, string reason);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Warning, Message = "The reader of {Topic}-{Partition} did not stop in time; its consumer is left open")]
    private partial void LogConsumerLeaked(string topic, int partition);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Warning, Message = "Orleans still gives this silo {Topic}-{Partition}, whose claim another receiver superseded; claiming it back in {Delay}")]
    private partial void LogReclaimScheduled(string topic, int partition, TimeSpan delay);

    [LoggerMessage(EventId = 1013, Level = LogLevel.Information, Message = "The versions of the views of {Topic}-{Partition} changed; its reader starts again with them")]
    private partial void LogVersionsChanged(string topic, int partition);

    [LoggerMessage(EventId = 1010, Level = LogLevel.Warning, Message = "Starting the receiver of {Topic}-{Partition} failed (attempt {Attempt}): {Reason}; retrying until it can read")]
    private partial void LogStartFailed(Exception exception, string topic, int partition, int attempt, string reason);

    [LoggerMessage(EventId = 1011, Level = LogLevel.Debug, Message = "Starting the receiver of {Topic}-{Partition} still fails (attempt {Attempt}): {Reason}")]
    private partial void LogStartStillFailing(string topic, int partition, int attempt, string reason);

    [LoggerMessage(EventId = 1012, Level = LogLevel.Information, Message = "The receiver of {Topic}-{Partition} started after {Attempt} attempts")]
    private partial void LogStartedAfterRetries(string topic, int partition, int attempt);
}
