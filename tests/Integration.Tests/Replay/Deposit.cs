namespace ActorViews.Integration.Tests.Replay;

/// <summary>A test event: money paid into <paramref name="Account"/>.</summary>
[GenerateSerializer, Immutable]
public sealed record Deposit([property: Id(0)] string Account, [property: Id(1)] decimal Amount, [property: Id(2)] string Currency);
