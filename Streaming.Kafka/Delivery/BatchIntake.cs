using ActorViews.Streaming.Kafka.Diagnostics;
using ActorViews.Streaming.Kafka.Providers;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace ActorViews.Streaming.Kafka.Delivery;

/// <summary>
/// Takes each batch the reader read: decodes it, registers its offsets with the commit rule, and sends every
/// message on its way (its key's view run, the partition views' lane, the stream queue, or the dead-letter
/// topic); waits while too much is queued. Where a batch's offsets go back, the partition's log was replaced: that log reset is reported
/// and the new log is read on with fresh offsets.
/// </summary>
internal sealed class BatchIntake(
    KafkaTopic topic,
    int partition,
    MessageDecoder decoder,
    PartitionCommitter committer,
    RunScheduler scheduler,
    PartitionViewLane? partitionViews,
    StreamItemQueue? streams,
    DeliveryPolicy policy,
    Func<Task<string>>? readLogId,
    TimeSpan pollDelay,
    ILogger logger)
{
    private readonly bool _toViews = topic.Views.Count > 0;

    /// <summary>
    /// Whether a message that cannot become an event is written to the dead-letter topic (else it is only
    /// counted done with): a view's catch-up reads what the live reader dead-lettered already.
    /// </summary>
    public bool DeadLettersUndecodable { get; init; } = true;

    // An event is delivered once each view has applied it and, for a topic with streams, the streams have it.
    private readonly byte _deliveries = (byte)(topic.AllViews.Count + (streams is null ? 0 : 1));
    private readonly System.Diagnostics.TagList _tags = KafkaStreamMetrics.Tags(topic.Name, partition);

    /// <summary>
    /// Dispatches a read batch, split where its offsets go back. A partition's offsets go back only when its log
    /// was replaced (topic recreated, embedded broker restarted) or truncated, and librdkafka then reads the new
    /// log from its start: that is a log reset, reported, and read on with fresh offsets rather than refused.
    /// </summary>
    public async Task TakeAsync(List<ConsumeResult<byte[]?, byte[]?>> batch, CancellationToken token)
    {
        var expected = committer.Tracker.NextOffset;
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

    private async Task DispatchAsync(List<ConsumeResult<byte[]?, byte[]?>> batch, CancellationToken token)
    {
        var decoded = new DecodedMessage[batch.Count];
        var offsets = new long[batch.Count];
        var timestamps = new long[batch.Count];
        var parts = new byte[batch.Count];
        KafkaStreamMetrics.RecordConsumed(_tags, batch.Count);
        for (var i = 0; i < batch.Count; i++)
        {
            decoded[i] = decoder.Decode(batch[i]) with { Index = i };
            offsets[i] = decoded[i].Offset;
            timestamps[i] = batch[i].Message.Timestamp.UnixTimestampMs;
            parts[i] = decoded[i].FailureReason is not null ? (byte)1 : _deliveries;
        }

        var segment = committer.Append(offsets, parts, timestamps);
        for (var i = 0; i < decoded.Length; i++)
        {
            decoded[i] = decoded[i] with { Segment = segment };
        }

        // Undecodable messages stay out of the lane: each counts one delivery, its dead letter below.
        partitionViews?.Add(decoded);

        if (_toViews)
        {
            scheduler.BeginBatch(decoded);
        }

        foreach (var message in decoded)
        {
            if (message.FailureReason is { } reason)
            {
                if (DeadLettersUndecodable)
                {
                    scheduler.QueueDeadLetter(message, reason);
                }
                else
                {
                    committer.DeadLettered(message);
                }

                continue;
            }

            if (_toViews)
            {
                scheduler.AddToRun(message);
            }

            if (streams is not null)
            {
                await streams.AddAsync(message, token).ConfigureAwait(false);
            }
        }

        scheduler.QueueRuns();
        scheduler.StartReady();
        await scheduler.WaitForRoomAsync(token).ConfigureAwait(false);
        if (partitionViews is not null)
        {
            await partitionViews.WaitForRoomAsync(token).ConfigureAwait(false);
        }
    }

    private async Task AdoptNewLogAsync(long offset, long expected, CancellationToken token)
    {
        // The old log's events in flight finish first: their view calls carry the old log's ID, and their offsets
        // would collide with the new log's in the tracker. A log reset is rare, so polling for it costs nothing.
        while (committer.Tracker.InFlight > 0)
        {
            await Task.Delay(pollDelay, token).ConfigureAwait(false);
        }

        var previous = policy.LogId;
        var log = readLogId is null ? previous : await readLogId().ConfigureAwait(false);
        KafkaLogResets.Report(
            topic.Name,
            partition,
            log,
            LogResetCause.OffsetWentBack,
            $"offset {offset} was read after offset {expected - 1} of the log {previous}",
            logger,
            sameLog: log == previous);

        committer.Reset(offset);
        policy.LogId = log;
        policy.ViewStarts = committer.ViewStarts;
    }
}
