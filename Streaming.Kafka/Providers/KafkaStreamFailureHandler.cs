using Microsoft.Extensions.Logging;
using Orleans.Streams;

namespace ActorViews.Streaming.Kafka.Providers;

/// <summary>
/// Called by the pulling agent when it gives up delivering a stream event. The event is dead-lettered before
/// the agent moves past it, so Orleans' delivery timeout never skips an event silently; the subscription
/// stays healthy and later events keep flowing.
/// </summary>
internal sealed partial class KafkaStreamFailureHandler(QueueId queue, KafkaReceiverRegistry receivers, ILogger<KafkaStreamFailureHandler> logger)
    : IStreamFailureHandler
{
    public bool ShouldFaultSubsriptionOnError => false;

    public async Task OnDeliveryFailure(GuidId subscriptionId, string streamProviderName, StreamId streamIdentity, StreamSequenceToken? sequenceToken)
    {
        var reason = $"Orleans could not deliver the event to subscription {subscriptionId} of stream {streamIdentity} within its delivery time.";
        var offset = sequenceToken?.SequenceNumber ?? -1;
        if (!receivers.TryGet(queue, out var pump) || !await pump.DeadLetterStreamItemAsync(offset, reason).ConfigureAwait(false))
        {
            // The partition moved on or away: the event stays uncommitted and its next owner redelivers it.
            LogNotDeadLettered(streamIdentity.ToString(), offset);
        }
    }

    public Task OnSubscriptionFailure(GuidId subscriptionId, string streamProviderName, StreamId streamIdentity, StreamSequenceToken? sequenceToken)
    {
        LogSubscriptionFailed(subscriptionId.ToString(), streamIdentity.ToString());
        return Task.CompletedTask;
    }

    [LoggerMessage(EventId = 1300, Level = LogLevel.Warning, Message = "A stream event of {Stream} at offset {Offset} failed delivery and is no longer held by this silo; it will be redelivered")]
    private partial void LogNotDeadLettered(string stream, long offset);

    [LoggerMessage(EventId = 1301, Level = LogLevel.Warning, Message = "Subscription {Subscription} to {Stream} failed")]
    private partial void LogSubscriptionFailed(string subscription, string stream);
}
