using ActorViews.EmbeddedKafka;
using ActorViews.Grains;
using ActorViews.Integration.Tests.Durability;

namespace ActorViews.Integration.Tests.Faults;

/// <summary>
/// A broker run inside the test process instead of by <c>actorviews dev-broker</c>, so a test can take every
/// broker down and up at a moment of its choosing with a direct call (silos still reach it over TCP).
/// </summary>
internal static class BrokerInTestProcess
{
    private const string DeadLetterSuffix = ".dlq";

    /// <summary>Starts a broker with the ecosystem's topics and their dead-letter topics, as dev-broker creates them.</summary>
    public static EmbeddedKafkaBroker Start()
    {
        var broker = EmbeddedKafkaBroker.Start();
        try
        {
            foreach (var topic in Topics.All)
            {
                broker.CreateTopic(topic, DurableCluster.Partitions);
                broker.CreateTopic(topic + DeadLetterSuffix, DurableCluster.Partitions);
            }

            return broker;
        }
        catch
        {
            broker.Dispose();
            throw;
        }
    }
}
