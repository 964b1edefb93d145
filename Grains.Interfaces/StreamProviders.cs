namespace ActorViews.Grains;

/// <summary>The stream provider names the orders ecosystem's silos register and its clients and gateways look up.</summary>
public static class StreamProviders
{
    /// <summary>The Kafka stream provider that reads the ecosystem's <see cref="Topics"/>.</summary>
    public const string Kafka = "kafka";
}
