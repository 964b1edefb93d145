using ActorViews.Streaming.Kafka;

namespace ActorViews.Grains;

/// <summary>
/// Verdicts a check decided and stored with the state they stand for (a reservation, a fraud session), published
/// only once that state is written. A verdict is thus decided once: a batch given again after a crash finds its
/// requests applied and publishes the stored verdicts instead of deciding them again against state that may have
/// moved on (a stock report in between). Holds at most the verdicts of the batches since the last publish.
/// </summary>
internal static class VerdictOutbox
{
    /// <summary>Publishes every verdict in <paramref name="outbox"/> to <c>order-validations</c>, then empties it.</summary>
    /// <remarks>
    /// Emptied in memory only; the record's next write stores it empty. Until then a reload brings the verdicts back
    /// and they are published again, which the aggregator ignores (the first verdict of each check stands).
    /// </remarks>
    public static async Task PublishAsync(List<OrderValidation> outbox, IKafkaPublisher publisher)
    {
        if (outbox.Count == 0)
        {
            return;
        }

        await Task.WhenAll(outbox.Select(verdict => publisher.PublishAsync(Topics.OrderValidations, verdict.OrderId, verdict)));
        outbox.Clear();
    }
}
