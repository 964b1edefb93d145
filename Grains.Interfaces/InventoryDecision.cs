namespace ActorViews.Grains;

/// <summary>The inventory check's verdict on one order.</summary>
/// <param name="Result">PASS when the stock covered the order and it was reserved, else FAIL.</param>
/// <param name="Reason">Why the order failed, or null when it passed.</param>
[GenerateSerializer, Immutable]
public sealed record InventoryDecision(
    [property: Id(0)] OrderValidationResult Result,
    [property: Id(1)] string? Reason);
