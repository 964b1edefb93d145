namespace ActorViews.Grains;

/// <summary>The order details check as a plain function.</summary>
public static class OrderDetailsRules
{
    /// <summary>FAIL when the quantity or price is negative or the product is not one the shop sells; else PASS.</summary>
    public static OrderValidationResult Check(Order order)
    {
        ArgumentNullException.ThrowIfNull(order);
        return order.Quantity < 0 || order.Price < 0 || !Enum.IsDefined(order.Product)
            ? OrderValidationResult.Fail
            : OrderValidationResult.Pass;
    }
}
