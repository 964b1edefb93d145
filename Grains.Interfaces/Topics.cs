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

    /// <summary>Every topic of the ecosystem.</summary>
    public static IReadOnlyList<string> All { get; } = [Orders, OrderValidations, Payments, Customers, WarehouseInventory];
}
