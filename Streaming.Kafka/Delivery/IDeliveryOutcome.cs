namespace ActorViews.Streaming.Kafka.Delivery;

/// <summary>Where the delivery policy reports what became of events: the partition's commit rule listens.</summary>
internal interface IDeliveryOutcome
{
    /// <summary>The view at index <paramref name="view"/> applied <paramref name="messages"/>.</summary>
    void Applied(int view, DecodedMessage[] messages);

    /// <summary>
    /// <paramref name="message"/> is on the dead-letter topic, and so done with: for the view at index
    /// <paramref name="view"/> whose logic refused it, or for every view when null (it never became an event).
    /// </summary>
    void DeadLettered(DecodedMessage message, int? view = null);
}
