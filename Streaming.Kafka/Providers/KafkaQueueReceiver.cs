using ActorViews.Streaming.Kafka.Delivery;
using ActorViews.Streaming.Kafka.Diagnostics;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Orleans.Streams;

namespace ActorViews.Streaming.Kafka.Providers;

/// <summary>
/// The receiver of one topic-partition. Orleans' queue balancer decides which silo runs it; it then reads
/// the partition from the consumer group's committed offset (Assign, no Kafka group rebalancing) and runs
/// the partition's delivery engine until the balancer moves the partition away.
/// </summary>
internal sealed partial class KafkaQueueReceiver(QueueId queue, KafkaTopic topic, int partition, KafkaReceiverContext context) : IQueueAdapterReceiver
{
    private readonly KafkaStreamOptions options = context.Options;
    private readonly ILogger logger = context.Logger;

    private IConsumer<byte[]?, byte[]?>? _consumer;
    private volatile PartitionPump? _pump;

    private async Task StartAsync(TimeSpan timeout)
    {
        // Claimed before the start offset is read: a stale owner's commit checked after this claim is refused.
        var lease = await ClaimAsync(timeout).ConfigureAwait(false);
        var logId = await LogIdAsync(timeout).ConfigureAwait(false);

        // librdkafka calls block; keep them off the pulling agent's scheduler.
        var startOffset = await Task.Run(() =>
        {
            _consumer = new ConsumerBuilder<byte[]?, byte[]?>(KafkaClientConfig.ForConsumer(options, $"actorviews-{context.ProviderName}-{topic.Name}-{partition}")).Build();
            var tp = new TopicPartition(topic.Name, partition);
            var committed = _consumer.Committed([tp], timeout).Single().Offset;
            var marks = _consumer.QueryWatermarkOffsets(tp, timeout);
            var start = committed.IsSpecial ? marks.Low.Value : committed.Value;
            if (start > marks.High.Value)
            {
                // The group remembers more than the log holds: the topic was recreated under it.
                KafkaLogResets.Report(topic.Name, partition, logId, LogResetCause.CommittedOffsetBeyondEnd, $"the committed offset {start} is beyond the log's end {marks.High.Value}", logger);
                start = marks.Low.Value;
            }

            // With no committed offset the receiver starts at the log's beginning, which retention may have moved.
            start = Math.Max(start, marks.Low.Value);
            _consumer.Assign(new TopicPartitionOffset(tp, start));
            return start;
        }).ConfigureAwait(false);

        var source = new KafkaPartitionConsumer(_consumer!, new TopicPartition(topic.Name, partition));
        var pump = new PartitionPump(topic, partition, options, source, context.Serializer, context.GrainFactory, context.DeadLetters, logger, lease, () => LogIdAsync(timeout))
        {
            Owner = context.Ownership?.SiloName,
        };
        pump.Start(startOffset, logId);
        _pump = pump;
        context.Registry?.Add(queue, pump);
        if (context.Ownership is { } ownership)
        {
            await ownership.ClaimAsync(topic.Name, partition).ConfigureAwait(false);
        }

        LogAssigned(topic.Name, partition, startOffset);
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
        await StopStartingAsync().ConfigureAwait(false);
        var consumerIdle = true;
        if (_pump is { } pump)
        {
            context.Registry?.Remove(queue, pump);
            consumerIdle = await pump.StopAsync(timeout).ConfigureAwait(false);
            await pump.DisposeAsync().ConfigureAwait(false);
            LogRevoked(topic.Name, partition, pump.CommittedOffset);
        }

        if (context.Ownership is { } ownership)
        {
            await ownership.ReleaseAsync(topic.Name, partition).ConfigureAwait(false);
        }

        if (!consumerIdle)
        {
            // Closing a consumer another thread is still inside would crash the process; leaking it is safer.
            LogConsumerLeaked(topic.Name, partition);
        }
        else if (_consumer is { } consumer)
        {
            await Task.Run(() =>
            {
                consumer.Close();
                consumer.Dispose();
            }).ConfigureAwait(false);
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

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "Could not read the topic ID of {Topic} ({Reason}); views cannot tell a recreated log from redelivery")]
    private partial void LogNoLogId(string topic, string reason);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Warning, Message = "The reader of {Topic}-{Partition} did not stop in time; its consumer is left open")]
    private partial void LogConsumerLeaked(string topic, int partition);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Partition {Topic}-{Partition} revoked from this silo; committed offset {Offset}")]
    private partial void LogRevoked(string topic, int partition, long offset);
}
