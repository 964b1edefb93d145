namespace ActorViews.Silo.Demo;

/// <summary>The sample order generator, configuration section <c>Demo</c>.</summary>
public sealed class DemoOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Demo";

    /// <summary>Whether sample orders are published. Default: true in dev mode (embedded broker), else false.</summary>
    public bool Enabled { get; set; }

    /// <summary>New orders placed per second. Default 5.</summary>
    public double OrdersPerSecond { get; set; } = 5;

    /// <summary>
    /// How many orders the demo places (IDs <c>1</c> to this), after which it only ships. Default 100000. Each
    /// order keeps a view, so a bound keeps a long-running demo's memory bounded.
    /// </summary>
    public int Orders { get; set; } = 100_000;

    /// <summary>Whether the demo ships (publishes as SHIPPED) the orders the services validated. Default true.</summary>
    public bool Ship { get; set; } = true;

    /// <summary>The seed of the random customers, products, quantities and prices, so runs repeat. Default 42.</summary>
    public int Seed { get; set; } = 42;
}
