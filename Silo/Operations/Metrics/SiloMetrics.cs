using System.Diagnostics.Metrics;

namespace ActorViews.Silo.Operations.Metrics;

/// <summary>The meter of the instruments the silo host adds to the provider's and Orleans' own.</summary>
internal static class SiloMetrics
{
    /// <summary>The meter name, exported at <c>/metrics</c>.</summary>
    public const string MeterName = "ActorViews.Silo";

    /// <summary>The meter every silo-side instrument is created on.</summary>
    public static readonly Meter Meter = new(MeterName);
}
