namespace ActorViews.Silo.Hosting;

/// <summary>The broker the silo talks to.</summary>
/// <param name="BootstrapServers">The bootstrap servers.</param>
/// <param name="IsEmbedded">Whether it is the in-process development broker (dev mode).</param>
/// <param name="Settings">librdkafka settings the broker needs, before those configured under <c>Kafka:Settings</c>.</param>
internal sealed record KafkaConnection(string BootstrapServers, bool IsEmbedded, IReadOnlyDictionary<string, string> Settings);
