using ActorViews.Streaming.Kafka.Delivery;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace ActorViews.Streaming.Kafka.Providers;

/// <summary>
/// Starting the receiver. Orleans' pulling agent calls Initialize once, logs a failure and then polls the
/// receiver as if it had started, so a receiver that cannot reach the broker (down at start, mid hand-over,
/// topic missing) must keep trying by itself, or its partition would silently never be read.
/// </summary>
internal sealed partial class KafkaQueueReceiver
{
    private static readonly TimeSpan MaxStartDelay = TimeSpan.FromSeconds(30);
    private readonly CancellationTokenSource _stopStarting = new();
    private Task _starting = Task.CompletedTask;

    // The kind of the last start failure (Kafka error code or exception type), to log each kind once at Warning.
    private string? _lastStartFailure;

    public async Task Initialize(TimeSpan timeout)
    {
        if (!await TryStartAsync(timeout, attempt: 1).ConfigureAwait(false))
        {
            _starting = Task.Run(() => RetryStartAsync(timeout, _stopStarting.Token));
        }
    }

    /// <summary>Whether the receiver is reading its partition.</summary>
    internal bool Started => _pump is not null;

    private async Task RetryStartAsync(TimeSpan timeout, CancellationToken token)
    {
        var backoff = new Backoff(options.RetryBackoff, MaxStartDelay);
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

            if (await TryStartAsync(timeout, attempt).ConfigureAwait(false))
            {
                LogStartedAfterRetries(topic.Name, partition, attempt);
                return;
            }
        }
    }

    private async Task<bool> TryStartAsync(TimeSpan timeout, int attempt)
    {
        try
        {
            await StartAsync(timeout).ConfigureAwait(false);
            return true;
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
            return false;
        }
    }

    private async Task<PartitionLease> ClaimAsync(TimeSpan timeout)
    {
        var tp = new TopicPartition(topic.Name, partition);
        var epoch = await Task.Run(() => context.Fence.Claim(tp, timeout)).ConfigureAwait(false);
        return new PartitionLease(context.Fence, tp, epoch);
    }

    private void DisposeUnstartedConsumer()
    {
        if (_pump is null && _consumer is { } consumer)
        {
            _consumer = null;
            consumer.Dispose();
        }
    }

    private async Task StopStartingAsync()
    {
        await _stopStarting.CancelAsync().ConfigureAwait(false);
        await _starting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    [LoggerMessage(EventId = 1010, Level = LogLevel.Warning, Message = "Starting the receiver of {Topic}-{Partition} failed (attempt {Attempt}): {Reason}; retrying until it can read")]
    private partial void LogStartFailed(Exception exception, string topic, int partition, int attempt, string reason);

    [LoggerMessage(EventId = 1011, Level = LogLevel.Debug, Message = "Starting the receiver of {Topic}-{Partition} still fails (attempt {Attempt}): {Reason}")]
    private partial void LogStartStillFailing(string topic, int partition, int attempt, string reason);

    [LoggerMessage(EventId = 1012, Level = LogLevel.Information, Message = "The receiver of {Topic}-{Partition} started after {Attempt} attempts")]
    private partial void LogStartedAfterRetries(string topic, int partition, int attempt);
}
