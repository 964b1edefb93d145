using ActorViews.Ecosystem;

namespace ActorViews.Silo.Hosting;

/// <summary>Names the host's parts agree on.</summary>
internal static class SiloNames
{
    /// <summary>The Kafka stream provider, and the key of its keyed services.</summary>
    public const string KafkaProvider = OrderStreams.ProviderName;

    /// <summary>The topic of order events.</summary>
    public const string OrdersTopic = "orders";

    /// <summary>The grain storage views persist in.</summary>
    public const string ViewStorage = "views";

    /// <summary>The grain storage Orleans streaming keeps subscriptions in.</summary>
    public const string PubSubStorage = "PubSubStore";
}
