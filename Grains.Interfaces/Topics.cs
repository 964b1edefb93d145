namespace ActorViews.Grains;

/// <summary>The topics of the orders ecosystem; every producer and consumer agrees on these names.</summary>
public static class Topics
{
    /// <summary>Key order ID → <see cref="Order"/>, each message the order's newest version.</summary>
    public const string Orders = "orders";

    /// <summary>Key order ID → <see cref="OrderValidation"/>, one result per check (duplicates possible).</summary>
    public const string OrderValidations = "order-validations";

    /// <summary>Key payment ID → <see cref="Payment"/>.</summary>
    public const string Payments = "payments";

    /// <summary>Key customer ID → <see cref="Customer"/>, latest profile wins.</summary>
    public const string Customers = "customers";

    /// <summary>Key product name → <see cref="Inventory"/>, stock on hand, latest value wins.</summary>
    public const string WarehouseInventory = "warehouse-inventory";

    /// <summary>
    /// Internal: key product name → <see cref="InventoryRequest"/>, what the order router asks of a product,
    /// each request carrying the <c>orders</c> position it came from.
    /// </summary>
    public const string InventoryRequests = "inventory-requests";

    /// <summary>
    /// Internal: key customer ID → <see cref="CustomerOrder"/>, every order event re-keyed by its customer by the
    /// order router, with the <c>orders</c> position it came from.
    /// </summary>
    public const string CustomerOrders = "customer-orders";

    /// <summary>Every topic of the ecosystem, the internal ones last.</summary>
    public static IReadOnlyList<string> All { get; } = [Orders, OrderValidations, Payments, Customers, WarehouseInventory, InventoryRequests, CustomerOrders];

    /// <summary>
    /// The topics only the ecosystem's own grains write (the order router re-keys <c>orders</c> into them); other
    /// producers must not, and their retention need only cover a silo's recovery.
    /// </summary>
    public static IReadOnlyList<string> Internal { get; } = [InventoryRequests, CustomerOrders];
}
