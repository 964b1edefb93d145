namespace ActorViews.Integration.Tests.Cluster;

/// <summary>A test event: the <paramref name="Seq"/>-th event of entity <paramref name="Key"/>, numbered from 1.</summary>
[GenerateSerializer, Immutable]
public sealed record Tick([property: Id(0)] string Key, [property: Id(1)] int Seq);
