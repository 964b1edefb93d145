namespace ActorViews.Grains;

/// <summary>A customer as the customer view shows it now: profile joined with the customer's recent orders and totals.</summary>
/// <param name="CustomerId">The customer ID.</param>
/// <param name="Profile">The latest profile, or null when none arrived yet.</param>
/// <param name="Orders">
/// The customer's newest orders (at most 100), each as of its latest event, by order ID; an older order is
/// read by its ID.
/// </param>
/// <param name="OrderCount">How many orders the customer placed.</param>
/// <param name="TotalValue">Σ quantity × price over the customer's orders that did not fail.</param>
/// <param name="FraudSessionTotal">The total of the customer's latest fraud-check session.</param>
[GenerateSerializer, Immutable]
public sealed record CustomerSnapshot(
    [property: Id(0)] long CustomerId,
    [property: Id(1)] Customer? Profile,
    [property: Id(2)] IReadOnlyList<Order> Orders,
    [property: Id(3)] int OrderCount,
    [property: Id(4)] decimal TotalValue,
    [property: Id(5)] decimal FraudSessionTotal);
