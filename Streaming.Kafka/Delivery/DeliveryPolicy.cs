using ActorViews.Streaming.Kafka.Diagnostics;
using ActorViews.Streaming.Kafka.Providers;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace ActorViews.Streaming.Kafka.Delivery;

/// <summary>
/// What happens to a run of events (a key's, or a partition's for its partition views) on its way to the
/// views: one call; on failure, retries with backoff, for as long as this silo owns the partition when the
/// failure is the infrastructure's, up to <see cref="KafkaStreamOptions.MaxDeliveryAttempts"/> when it is the
/// view's logic; then each event alone, so one bad event does not take its neighbours to the dead-letter
/// topic; and dead-lettering with a reason.
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

    /// <remarks>
    /// <c>views</c> are the topic's key views, null for a topic without (partition views or streams only);
    /// <c>stopping</c> is cancelled when ownership moves, and what is not delivered by then is left to the next owner.
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

    /// <summary>Applies <paramref name="run"/> to every key view, retrying and dead-lettering as needed; never throws.</summary>
    public async Task DeliverAsync(ViewRun run)
    {
        try
        {
            await DeliverAsync(_views!, run.Key, run.Messages).ConfigureAwait(false);
        }
        finally
        {
            run.Complete();
        }
    }

    /// <summary>
    /// Applies <paramref name="messages"/> to the views of <paramref name="views"/> under the grain key
    /// <paramref name="key"/>, retrying and dead-lettering as needed; never throws.
    /// </summary>
    public async Task DeliverAsync(ViewDispatcher views, string key, DecodedMessage[] messages)
    {
        try
        {
            try
            {
                await views.DispatchAsync(key, _partition, messages, LogId).ConfigureAwait(false);
            }
            catch (Exception ex) when (!_stopping.IsCancellationRequested)
            {
                // Kept out of this method so the state machine allocated for every run stays small.
                await RecoverAsync(views, key, messages, ex).ConfigureAwait(false);
                return;
            }

            _outcome.Applied(messages);
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

    /// <summary>Writes <paramref name="message"/> to the dead-letter topic with <paramref name="reason"/>; never throws.</summary>
    public async Task DeadLetterAsync(DecodedMessage message, string reason)
    {
        try
        {
            await WriteDeadLetterAsync(message.Raw, reason).ConfigureAwait(false);
            _outcome.DeadLettered(message);
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

    private async Task RecoverAsync(ViewDispatcher views, string key, DecodedMessage[] messages, Exception firstFailure)
    {
        try
        {
            var failure = await RetryAsync(views, key, messages, firstFailure).ConfigureAwait(false);
            if (failure is null)
            {
                _outcome.Applied(messages);
                return;
            }

            // One bad event must not take its neighbours to the dead-letter topic: retry them one by one.
            foreach (var message in messages)
            {
                var single = messages.Length == 1 ? failure : await ApplyAsync(views, key, [message]).ConfigureAwait(false);
                if (single is null)
                {
                    _outcome.Applied([message]);
                }
                else
                {
                    await DeadLetterAsync(message, $"Applying {views.Target} failed {_options.MaxDeliveryAttempts} times: {single.GetType().Name}: {single.Message}").ConfigureAwait(false);
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

    /// <summary>Applies the events to every view, with <see cref="RetryAsync"/>'s retries.</summary>
    private async Task<Exception?> ApplyAsync(ViewDispatcher views, string key, DecodedMessage[] messages)
    {
        try
        {
            await views.DispatchAsync(key, _partition, messages, LogId).ConfigureAwait(false);
            return null;
        }
        catch (Exception ex) when (!_stopping.IsCancellationRequested)
        {
            return await RetryAsync(views, key, messages, ex).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Retries events whose first apply failed with <paramref name="failure"/>. Infrastructure failures are
    /// retried for as long as this silo owns the partition; failures of the view's logic up to
    /// <see cref="KafkaStreamOptions.MaxDeliveryAttempts"/> times. Returns the last logic failure, or null once applied.
    /// </summary>
    private async Task<Exception?> RetryAsync(ViewDispatcher views, string key, DecodedMessage[] messages, Exception failure)
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
                await views.DispatchAsync(key, _partition, messages, LogId).ConfigureAwait(false);
                return null;
            }
            catch (Exception ex) when (!_stopping.IsCancellationRequested)
            {
                failure = ex;
            }
        }
    }
}
