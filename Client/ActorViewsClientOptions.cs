namespace ActorViews.Client;

/// <summary>Where an <see cref="ActorViewsClient"/> finds the cluster and, to write, the broker.</summary>
public sealed class ActorViewsClientOptions
{
    /// <summary>A silo's Orleans gateway, <c>host:port</c>. Default <c>localhost:30000</c>.</summary>
    public string Gateway { get; set; } = "localhost:30000";

    /// <summary>The cluster ID the silos run with. Default <c>actorviews</c>.</summary>
    public string ClusterId { get; set; } = "actorviews";

    /// <summary>The service ID the silos run with. Default <c>actorviews</c>.</summary>
    public string ServiceId { get; set; } = "actorviews";

    /// <summary>The silos' brokers, <c>host:port[,...]</c>; null (the default) for a client that only reads.</summary>
    public string? BootstrapServers { get; set; }

    /// <summary>librdkafka settings for the producer (SASL, SSL, ...), as the silo's <c>Kafka:Settings</c>. Never logged.</summary>
    public Dictionary<string, string> Kafka { get; set; } = new(StringComparer.Ordinal);
}
