namespace ActorViews.Grains;

/// <summary>Products by their wire names, which key the <c>warehouse-inventory</c> topic and the inventory grains.</summary>
public static class ProductNames
{
    private static readonly Dictionary<Product, string> Names = new()
    {
        [Product.Jumpers] = "JUMPERS",
        [Product.Underpants] = "UNDERPANTS",
        [Product.Stockings] = "STOCKINGS",
    };

    /// <summary>The wire name of <paramref name="product"/>, e.g. <c>JUMPERS</c>.</summary>
    public static string Of(Product product) => Names[product];

    /// <summary>The wire name of <paramref name="product"/>; false for a value that is not a product.</summary>
    public static bool TryGetName(Product product, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? name) =>
        Names.TryGetValue(product, out name);

    /// <summary>The product whose wire name is <paramref name="name"/> (case-insensitive).</summary>
    public static bool TryParse(string? name, out Product product)
    {
        foreach (var (candidate, wire) in Names)
        {
            if (string.Equals(wire, name, StringComparison.OrdinalIgnoreCase))
            {
                product = candidate;
                return true;
            }
        }

        product = default;
        return false;
    }
}
