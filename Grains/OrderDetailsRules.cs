namespace ActorViews.Grains;

/// <summary>The order details check as a plain function.</summary>
public static class OrderDetailsRules
{
    /// <summary>FAIL when the quantity or price is negative or the product is missing or not one the shop sells; else PASS.</summary>
    public static OrderValidationResult Check(Order order) =>
        Explain(order) is null ? OrderValidationResult.Pass : OrderValidationResult.Fail;

    /// <summary>Why the order fails the check, or null when it passes.</summary>
    public static string? Explain(Order order)
    {
        ArgumentNullException.ThrowIfNull(order);
        if (order.Product is not { } product || !Enum.IsDefined(product))
        {
            return "The order names no product the shop sells.";
        }

        if (order.Quantity < 0)
        {
            return $"The quantity {order.Quantity} is negative.";
        }

        return order.Price < 0 ? $"The price {order.Price} is negative." : null;
    }

    /// <summary>The order details check's verdict on <paramref name="order"/>, with its reason when it fails.</summary>
    public static OrderValidation Validate(Order order) => Explain(order) is { } reason
        ? new OrderValidation(order.Id, OrderValidationType.OrderDetailsCheck, OrderValidationResult.Fail, reason)
        : new OrderValidation(order.Id, OrderValidationType.OrderDetailsCheck, OrderValidationResult.Pass);
}
