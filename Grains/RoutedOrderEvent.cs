namespace ActorViews.Grains;

/// <summary>An order event a customer applied, kept until the router that routed it confirms it recorded the order.</summary>
/// <param name="Offset">Where the event was read in <c>orders</c>.</param>
/// <param name="LogId">The log the offset belongs to; empty when unknown.</param>
/// <param name="Verdict">The fraud verdict it got, for a CREATED order.</param>
/// <param name="Applied">When it was applied.</param>
[GenerateSerializer, Immutable]
public sealed record RoutedOrderEvent(
    [property: Id(0)] long Offset,
    [property: Id(1)] string LogId,
    [property: Id(2)] OrderValidationResult? Verdict,
    [property: Id(3)] DateTimeOffset Applied);
