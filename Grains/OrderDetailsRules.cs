namespace ActorViews.Grains;

/// <summary>The order details check as a plain function.</summary>
public static class OrderDetailsRules
{
    /// <summary>
    /// FAIL when the quantity or price is negative, the amount (quantity × price) is beyond what a decimal holds,
    /// or the product is missing or not one the shop sells; else PASS.
    /// </summary>
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

        if (order.Price < 0)
        {
            return $"The price {order.Price} is negative.";
        }

        try
        {
            _ = Amount(order);
            return null;
        }
        catch (OverflowException overflow)
        {
            return overflow.Message;
        }
    }

    /// <summary>The order's amount, quantity × price.</summary>
    /// <exception cref="OverflowException">The amount is beyond what a decimal holds (a price near its maximum).</exception>
    public static decimal Amount(Order order)
    {
        ArgumentNullException.ThrowIfNull(order);
        try
        {
            return order.Quantity * order.Price;
        }
        catch (OverflowException)
        {
            throw new OverflowException($"The amount {order.Quantity} × {order.Price} is beyond what an amount can hold.");
        }
    }

    /// <summary>The order details check's verdict on <paramref name="order"/>, with its reason when it fails.</summary>
    public static OrderValidation Validate(Order order) => Explain(order) is { } reason
        ? new OrderValidation(order.Id, OrderValidationType.OrderDetailsCheck, OrderValidationResult.Fail, reason)
        : new OrderValidation(order.Id, OrderValidationType.OrderDetailsCheck, OrderValidationResult.Pass);
}
