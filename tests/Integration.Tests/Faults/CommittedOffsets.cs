using ActorViews.Integration.Tests.Durability;
using Confluent.Kafka;

namespace ActorViews.Integration.Tests.Faults;

/// <summary>
/// The silos' committed offsets of the orders topic, read from the broker by the test itself: it needs no silo
/// and no database, so it can be read while either is away.
/// </summary>
internal static class CommittedOffsets
{
    // The provider's default consumer group, which the durable cluster's silos keep.
    private const string ConsumerGroup = "actorviews";

    /// <summary>Offset per partition (0 when none is committed), or null when the broker did not answer in time.</summary>
    public static Dictionary<int, long>? TryRead(string bootstrapServers, TimeSpan timeout)
    {
        var config = new ConsumerConfig { BootstrapServers = bootstrapServers, GroupId = ConsumerGroup, EnableAutoCommit = false };
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(config).Build();
        try
        {
            var partitions = Enumerable.Range(0, DurableCluster.Partitions).Select(p => new TopicPartition(OrderLedger.Topic, p));
            return consumer.Committed(partitions, timeout).ToDictionary(c => c.Partition.Value, c => c.Offset.IsSpecial ? 0 : c.Offset.Value);
        }
        catch (KafkaException)
        {
            return null;
        }
    }
}
