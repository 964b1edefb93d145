namespace ActorViews.Ingest;

/// <summary>The benchmark's event: a small order, as JSON on the wire.</summary>
[GenerateSerializer, Immutable]
public sealed record BenchOrder(
    [property: Id(0)] string Id,
    [property: Id(1)] int CustomerId,
    [property: Id(2)] string State,
    [property: Id(3)] string Product,
    [property: Id(4)] int Quantity,
    [property: Id(5)] double Price);
