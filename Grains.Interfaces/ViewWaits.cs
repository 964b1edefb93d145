using ActorViews.Streaming.Kafka;

namespace ActorViews.Grains;

/// <summary>Limits and rules of long-polls on views.</summary>
public static class ViewWaits
{
    /// <summary>
    /// The longest a view keeps a caller waiting. Orleans fails a grain call after its response timeout
    /// (30 s by default); a long-poll must answer well before that, or it becomes an error instead of "not yet".
    /// </summary>
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromSeconds(20);

    /// <summary>The topics whose positions the order view can tell it has applied.</summary>
    public static IReadOnlyList<string> OrderViewTopics { get; } = [Topics.Orders, Topics.OrderValidations, Topics.Payments];

    /// <summary>
    /// The topics whose positions the customer view can tell it has applied: its profiles, and the orders
    /// re-keyed to it through <c>customer-orders</c> (a position of <c>orders</c> is applied once the view applied
    /// an event of that partition at or after it, so use the position of a write that concerns this customer).
    /// </summary>
    public static IReadOnlyList<string> CustomerViewTopics { get; } = [Topics.Customers, Topics.Orders];

    /// <summary>
    /// The topics whose positions the inventory view can tell it has applied: its stock reports, and the
    /// orders the router asked this product about through <c>inventory-requests</c>, CREATED and FAILED (as for
    /// <see cref="CustomerViewTopics"/>).
    /// </summary>
    public static IReadOnlyList<string> InventoryViewTopics { get; } = [Topics.WarehouseInventory, Topics.Orders];

    /// <summary><paramref name="timeout"/> limited to [0, <see cref="MaxTimeout"/>].</summary>
    public static TimeSpan Clamp(TimeSpan timeout) =>
        timeout < TimeSpan.Zero ? TimeSpan.Zero : timeout > MaxTimeout ? MaxTimeout : timeout;

    /// <summary>Throws when a view reading <paramref name="topics"/> cannot answer for <paramref name="position"/>.</summary>
    public static void RequireTopic(KafkaPosition? position, IReadOnlyList<string> topics)
    {
        if (position is not null && !topics.Contains(position.Topic))
        {
            throw new ArgumentException($"This view does not read topic '{position.Topic}'; it reads {string.Join(", ", topics)}.", nameof(position));
        }
    }
}
