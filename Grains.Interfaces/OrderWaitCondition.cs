namespace ActorViews.Grains;

/// <summary>What a long-poll on an order view waits for.</summary>
public enum OrderWaitCondition
{
    /// <summary>The order has arrived in the view.</summary>
    Present,

    /// <summary>The order is VALIDATED or FAILED (or later, SHIPPED).</summary>
    Settled,
}
