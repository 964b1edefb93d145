using ActorViews.Grains;

namespace ActorViews.Silo.Demo;

/// <summary>
/// The sample order events: each step advances a random order ID through CREATED, VALIDATED and SHIPPED;
/// a shipped ID starts over as a new order.
/// </summary>
internal sealed class DemoOrderSequence(int orders, int seed)
{
    /// <summary>The lowest customer ID the orders name.</summary>
    public const long FirstCustomer = 1;

    /// <summary>The highest customer ID the orders name.</summary>
    public const long LastCustomer = 50;

    private static readonly Product[] Products = Enum.GetValues<Product>();
    private readonly Random _random = new(seed);
    private readonly Order?[] _current = new Order?[orders];

    /// <summary>The next event.</summary>
    public Order Next()
    {
        var index = _random.Next(_current.Length);
        var next = _current[index] switch
        {
            { State: OrderState.Created } created => created with { State = OrderState.Validated },
            { State: OrderState.Validated } validated => validated with { State = OrderState.Shipped },
            _ => NewOrder((index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)),
        };
        _current[index] = next;
        return next;
    }

    private Order NewOrder(string id) => new(
        id,
        CustomerId: _random.NextInt64(FirstCustomer, LastCustomer + 1),
        OrderState.Created,
        Products[_random.Next(Products.Length)],
        Quantity: _random.Next(1, 11),
        Price: Math.Round((decimal)(_random.NextDouble() * 99 + 1), 2));
}
