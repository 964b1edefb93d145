using Confluent.Kafka;

namespace ActorViews.Streaming.Kafka.Delivery;

/// <summary>
/// Where each view's own position on a partition is kept (<see cref="Providers.KafkaViewPositions"/> on a
/// broker); a seam so the commit and start rules can be shown without one.
/// </summary>
internal interface IViewPositionStore
{
    /// <summary>The stored positions of <paramref name="views"/> on <paramref name="partition"/>; a view without one is absent.</summary>
    /// <exception cref="KafkaException">The positions could not be read within <paramref name="timeout"/>.</exception>
    IReadOnlyDictionary<string, long> Read(TopicPartition partition, IReadOnlyList<string> views, TimeSpan timeout);

    /// <summary>Stores <paramref name="offset"/> as the next offset view <paramref name="view"/> is to be delivered.</summary>
    /// <exception cref="KafkaException">The position could not be stored; the committer retries on its next tick.</exception>
    void Commit(TopicPartition partition, string view, long offset);
}
