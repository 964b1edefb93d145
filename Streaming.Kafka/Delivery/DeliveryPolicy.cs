using ActorViews.Streaming.Kafka.Diagnostics;
using ActorViews.Streaming.Kafka.Providers;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace ActorViews.Streaming.Kafka.Delivery;

/// <summary>
/// What happens to a run of events (a key's for the key views, a partition's for its partition views) on its
/// way to each view: one call; on failure, retries with backoff, for as long as this silo owns the partition
/// when the failure is the infrastructure's, up to <see cref="KafkaStreamOptions.MaxDeliveryAttempts"/> when it
/// is the view's logic; then each event alone, so one bad event does not take its neighbours to the
/// dead-letter topic; and dead-lettering with a reason.
/// </summary>
internal sealed class DeliveryPolicy
{
    private readonly KafkaTopic _topic;
    private readonly int _partition;
    private readonly KafkaStreamOptions _options;
    private readonly ViewDispatcher? _views;
    private readonly DeadLetterWriter _deadLetters;
    private readonly IDeliveryOutcome _outcome;
    private readonly ILogger _logger;
    private readonly CancellationToken _stopping;
    private readonly System.Diagnostics.TagList _tags;
    private string _logId = "";
    private IReadOnlyList<long> _viewStarts = [];

    /// <remarks>
    /// <c>views</c> is null for a topic without views, key or partition (streams only); <c>stopping</c> is cancelled when
    /// ownership moves, and what is not delivered by then is left to the next owner.
    /// </remarks>
    public DeliveryPolicy(
        KafkaTopic topic,
        int partition,
        KafkaStreamOptions options,
        ViewDispatcher? views,
        DeadLetterWriter deadLetters,
        IDeliveryOutcome outcome,
        ILogger logger,
        CancellationToken stopping)
    {
        _topic = topic;
        _partition = partition;
        _options = options;
        _views = views;
        _deadLetters = deadLetters;
        _outcome = outcome;
        _logger = logger;
        _stopping = stopping;
        _tags = KafkaStreamMetrics.Tags(topic.Name, partition);
    }

    /// <summary>The identity (topic ID) of the log being delivered, handed to views with every batch.</summary>
    public string LogId
    {
        get => Volatile.Read(ref _logId);
        set => Volatile.Write(ref _logId, value);
    }

    /// <summary>
    /// Whether a dead letter's reason names the view even when this policy delivers to one view: a catch-up's,
    /// whose topic has other views that applied the event.
    /// </summary>
    public bool NameViewInReasons { get; init; }

    /// <summary>Per view, the offset it starts at on this partition: it has applied everything below, so is called with nothing below.</summary>
    public IReadOnlyList<long> ViewStarts
    {
        get => Volatile.Read(ref _viewStarts);
        set => Volatile.Write(ref _viewStarts, value);
    }

    /// <summary>
    /// Applies <paramref name="run"/> to every key view, retrying and dead-lettering as needed; never throws. Each
    /// view is called, retried and reported on its own, so a failing view neither holds back another's
    /// position nor makes a view that applied the run apply it again.
    /// </summary>
    public async Task DeliverAsync(ViewRun run)
    {
        try
        {
            await DeliverToViewsAsync(0, _views!.KeyViews, run.Key, run.Messages).ConfigureAwait(false);
        }
        finally
        {
            run.Complete();
        }
    }

    /// <summary>
    /// Applies a partition's run of <paramref name="messages"/> to every partition view under the grain key
    /// <paramref name="key"/> (<see cref="KafkaPartitionKey.Of"/>), as <see cref="DeliverAsync"/> does; never throws.
    /// </summary>
    public Task DeliverToPartitionViewsAsync(string key, DecodedMessage[] messages) =>
        DeliverToViewsAsync(_views!.KeyViews, _views.Views.Count, key, messages);

    private Task DeliverToViewsAsync(int first, int end, string key, DecodedMessage[] messages)
    {
        if (end - first == 1)
        {
            return DeliverToViewAsync(first, key, messages);
        }

        var calls = new Task[end - first];
        for (var view = first; view < end; view++)
        {
            calls[view - first] = DeliverToViewAsync(view, key, messages);
        }

        return Task.WhenAll(calls);
    }

    private async Task DeliverToViewAsync(int view, string key, DecodedMessage[] messages)
    {
        // Read once: a catch-up's hand-over moves it from long.MaxValue to where the view goes live.
        var starts = ViewStarts;
        var start = view < starts.Count ? starts[view] : long.MinValue;
        if (messages[^1].Offset < start)
        {
            // All applied before, or the view catches up with a reader of its own: done with here, no call.
            _outcome.Applied(view, messages);
            return;
        }

        if (messages[0].Offset < start)
        {
            // The view's own position is ahead of the partition's: what it applied before is not called again.
            var applied = messages.Where(message => message.Offset < start).ToArray();
            _outcome.Applied(view, applied);
            messages = messages[applied.Length..];
            if (messages.Length == 0)
            {
                return;
            }
        }

        try
        {
            try
            {
                await CallAsync(view, key, messages).ConfigureAwait(false);
            }
            catch (Exception ex) when (!_stopping.IsCancellationRequested)
            {
                // Kept out of this method so the state machine allocated for every call stays small.
                await RecoverAsync(view, key, messages, ex).ConfigureAwait(false);
                return;
            }

            _outcome.Applied(view, messages);
        }
        catch (Exception) when (_stopping.IsCancellationRequested)
        {
            // Ownership is moving (a call failing now is no surprise): what was not delivered stays uncommitted
            // and the next owner redelivers it.
        }
        catch (Exception ex)
        {
            DeliveryLog.DispatchFailed(_logger, ex, _topic.Name, _partition);
        }
    }

    /// <summary>Writes <paramref name="message"/>, done with for every view, to the dead-letter topic with <paramref name="reason"/>; never throws.</summary>
    public Task DeadLetterAsync(DecodedMessage message, string reason) => DeadLetterAsync(message, reason, view: null);

    /// <summary>Writes <paramref name="message"/> to the dead-letter topic with <paramref name="reason"/>; never throws.</summary>
    /// <param name="message">The message.</param>
    /// <param name="reason">Why it is dead-lettered.</param>
    /// <param name="view">The view whose logic refused it, or null when it is done with for every view.</param>
    private async Task DeadLetterAsync(DecodedMessage message, string reason, int? view)
    {
        try
        {
            await WriteDeadLetterAsync(message.Raw, reason).ConfigureAwait(false);
            _outcome.DeadLettered(message, view);
        }
        catch (OperationCanceledException)
        {
            // Stopping: what was not dead-lettered stays uncommitted and goes to the next owner.
        }
    }

    /// <summary>Writes a raw message to the dead-letter topic, counted and logged; the caller records it done.</summary>
    /// <exception cref="OperationCanceledException">The partition is stopping; the message was not written.</exception>
    public async Task WriteDeadLetterAsync(ConsumeResult<byte[]?, byte[]?> raw, string reason)
    {
        await _deadLetters.WriteAsync(_topic, raw, reason, _stopping).ConfigureAwait(false);
        KafkaStreamMetrics.RecordDeadLettered(_tags);
        DeliveryLog.DeadLettered(_logger, _topic.Name, _partition, raw.Offset.Value, _topic.DeadLetterTopic, reason);
    }

    private async Task RecoverAsync(int view, string key, DecodedMessage[] messages, Exception firstFailure)
    {
        try
        {
            var failure = await RetryAsync(view, key, messages, firstFailure).ConfigureAwait(false);
            if (failure is null)
            {
                _outcome.Applied(view, messages);
                return;
            }

            // One bad event must not take its neighbours to the dead-letter topic: retry them one by one.
            foreach (var message in messages)
            {
                var single = messages.Length == 1 ? failure : await ApplyAsync(view, key, [message]).ConfigureAwait(false);
                if (single is null)
                {
                    _outcome.Applied(view, [message]);
                }
                else
                {
                    await DeadLetterAsync(message, DeadLetterReason(view, single), view).ConfigureAwait(false);
                }
            }
        }
        catch (Exception) when (_stopping.IsCancellationRequested)
        {
            // Ownership is moving (a call failing now is no surprise): what was not delivered stays uncommitted
            // and the next owner redelivers it.
        }
        catch (Exception ex)
        {
            DeliveryLog.DispatchFailed(_logger, ex, _topic.Name, _partition);
        }
    }

    /// <summary>Applies the events to one view, with <see cref="RetryAsync"/>'s retries.</summary>
    private async Task<Exception?> ApplyAsync(int view, string key, DecodedMessage[] messages)
    {
        try
        {
            await CallAsync(view, key, messages).ConfigureAwait(false);
            return null;
        }
        catch (Exception ex) when (!_stopping.IsCancellationRequested)
        {
            return await RetryAsync(view, key, messages, ex).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Retries events whose first apply failed with <paramref name="failure"/>. Infrastructure failures are
    /// retried for as long as this silo owns the partition; failures of the view's logic up to
    /// <see cref="KafkaStreamOptions.MaxDeliveryAttempts"/> times. Returns the last logic failure, or null once applied.
    /// </summary>
    private async Task<Exception?> RetryAsync(int view, string key, DecodedMessage[] messages, Exception failure)
    {
        var backoff = Backoff.ForDelivery(_options.RetryBackoff);
        var logicFailures = 0;
        for (var attempt = 1; ; attempt++)
        {
            KafkaStreamMetrics.RecordFailure(_tags);
            var transient = DeliveryFailures.IsTransient(failure);
            if (!transient && ++logicFailures >= _options.MaxDeliveryAttempts)
            {
                return failure;
            }

            DeliveryLog.ApplyRetry(_logger, failure, _topic.Name, _partition, messages[0].Offset, attempt, transient);
            await backoff.WaitAsync(_stopping).ConfigureAwait(false);
            try
            {
                await CallAsync(view, key, messages).ConfigureAwait(false);
                return null;
            }
            catch (Exception ex) when (!_stopping.IsCancellationRequested)
            {
                failure = ex;
            }
        }
    }

    // With several views the dead letter names the one that refused the event: the others applied it.
    private string DeadLetterReason(int view, Exception failure) =>
        (_views!.Views.Count == 1 && !NameViewInReasons ? "Applying the event" : $"Applying the event to {_views.Views[view]}")
        + $" failed {_options.MaxDeliveryAttempts} times: {failure.GetType().Name}: {failure.Message}";

    private Task CallAsync(int view, string key, DecodedMessage[] messages) =>
        _views!.DispatchAsync(view, key, _partition, messages, LogId);
}
