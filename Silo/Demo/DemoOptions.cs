namespace ActorViews.Silo.Demo;

/// <summary>The sample order generator, configuration section <c>Demo</c>.</summary>
public sealed class DemoOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Demo";

    /// <summary>Whether sample orders are published. Default: true in dev mode (embedded broker), else false.</summary>
    public bool Enabled { get; set; }

    /// <summary>Order events published per second. Default 5.</summary>
    public double OrdersPerSecond { get; set; } = 5;

    /// <summary>How many distinct order IDs (<c>1</c> to this) the events are spread over. Default 100.</summary>
    public int Orders { get; set; } = 100;

    /// <summary>The seed of the random products, quantities and prices, so runs repeat. Default 42.</summary>
    public int Seed { get; set; } = 42;
}
