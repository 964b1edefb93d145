namespace ActorViews.Streaming.Kafka.Delivery;

/// <summary>Where the delivery policy reports what became of events: the partition's commit rule listens.</summary>
internal interface IDeliveryOutcome
{
    /// <summary>Every view applied <paramref name="messages"/>.</summary>
    void Applied(DecodedMessage[] messages);

    /// <summary><paramref name="message"/> is on the dead-letter topic, and so done with.</summary>
    void DeadLettered(DecodedMessage message);
}
