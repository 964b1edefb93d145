namespace ActorViews.Grains;

/// <summary>An inventory verdict kept until the router that asked for it confirms it recorded the order.</summary>
/// <param name="Decision">The verdict.</param>
/// <param name="Given">When it was given.</param>
[GenerateSerializer, Immutable]
public sealed record UnconfirmedVerdict(
    [property: Id(0)] InventoryDecision Decision,
    [property: Id(1)] DateTimeOffset Given);
