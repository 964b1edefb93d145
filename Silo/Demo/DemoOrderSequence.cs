using System.Globalization;
using ActorViews.Grains;

namespace ActorViews.Silo.Demo;

/// <summary>
/// The demo's new orders: each is CREATED under a fresh ID (<c>1</c>, <c>2</c>, ...; an ID is never placed
/// twice), for a random demo customer and product. Small amounts, so a customer's fraud session reaches the
/// limit only after many orders, as a real shop's would.
/// </summary>
internal sealed class DemoOrderSequence(int seed)
{
    /// <summary>The lowest customer ID the orders name.</summary>
    public const long FirstCustomer = 1;

    /// <summary>The highest customer ID the orders name.</summary>
    public const long LastCustomer = 50;

    private static readonly Product[] Products = Enum.GetValues<Product>();
    private readonly Random _random = new(seed);
    private long _placed;

    /// <summary>How many orders the sequence gave.</summary>
    public long Placed => _placed;

    /// <summary>The next new order.</summary>
    public Order Next() => new(
        (++_placed).ToString(CultureInfo.InvariantCulture),
        CustomerId: _random.NextInt64(FirstCustomer, LastCustomer + 1),
        OrderState.Created,
        Products[_random.Next(Products.Length)],
        Quantity: _random.Next(1, 4),
        Price: Math.Round((decimal)(_random.NextDouble() * 9 + 1), 2));
}
