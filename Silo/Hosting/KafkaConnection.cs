namespace ActorViews.Silo.Hosting;

/// <summary>The broker the silo talks to.</summary>
/// <param name="BootstrapServers">The bootstrap servers.</param>
/// <param name="IsEmbedded">Whether it is the in-process development broker (dev mode).</param>
internal sealed record KafkaConnection(string BootstrapServers, bool IsEmbedded);
