using ActorViews.Streaming.Kafka.Diagnostics;
using Confluent.Kafka;

namespace ActorViews.Streaming.Kafka.Delivery;

/// <summary>What the delivery engine of a partition does when the partition's offsets go back.</summary>
internal sealed partial class PartitionPump
{
    /// <summary>Reads the partition's log identity (topic ID) again once its offsets went back; empty when unknown.</summary>
    public Func<Task<string>>? ReadLogId { get; init; }

    /// <summary>
    /// Dispatches a read batch, split where its offsets go back. A partition's offsets go back only when its log
    /// was replaced (topic recreated, embedded broker restarted) or truncated, and librdkafka then reads the new
    /// log from its start: that is a log reset, reported, and read on with fresh offsets rather than refused.
    /// </summary>
    private async Task DispatchReadAsync(List<ConsumeResult<byte[]?, byte[]?>> batch, CancellationToken token)
    {
        var expected = _tracker.NextOffset;
        var from = 0;
        for (var i = 0; i < batch.Count; i++)
        {
            var offset = batch[i].Offset.Value;
            if (offset < expected)
            {
                if (i > from)
                {
                    await DispatchAsync(batch.GetRange(from, i - from), token).ConfigureAwait(false);
                }

                await AdoptNewLogAsync(offset, expected, token).ConfigureAwait(false);
                from = i;
            }

            expected = offset + 1;
        }

        await DispatchAsync(from == 0 ? batch : batch.GetRange(from, batch.Count - from), token).ConfigureAwait(false);
    }

    private async Task AdoptNewLogAsync(long offset, long expected, CancellationToken token)
    {
        // The old log's events in flight finish first: their view calls carry the old log's ID, and their offsets
        // would collide with the new log's in the tracker. A log reset is rare, so polling for it costs nothing.
        while (_tracker.InFlight > 0)
        {
            await Task.Delay(_options.RetryBackoff, token).ConfigureAwait(false);
        }

        var previous = _logId;
        var log = ReadLogId is null ? previous : await ReadLogId().ConfigureAwait(false);
        KafkaLogResets.Report(
            _topic.Name,
            _partition,
            log,
            LogResetCause.OffsetWentBack,
            $"offset {offset} was read after offset {expected - 1} of the log {previous}",
            _logger,
            sameLog: log == previous);

        lock (_commitLock)
        {
            _tracker = new OffsetTracker(offset);

            // The old log's committed offset says nothing about the new one: the next commit starts it afresh.
            Interlocked.Exchange(ref _committed, -1);
        }

        Volatile.Write(ref _logId, log);
    }
}
