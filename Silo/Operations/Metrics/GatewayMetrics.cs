using System.Diagnostics.Metrics;

namespace ActorViews.Silo.Operations.Metrics;

/// <summary>
/// Instruments of the HTTP gateway that ASP.NET Core's own request metrics do not cover. Request rate and
/// latency come from <c>http.server.request.duration</c>.
/// </summary>
internal static class GatewayMetrics
{
    private static readonly UpDownCounter<long> Waiters = SiloMetrics.Meter.CreateUpDownCounter<long>(
        "actorviews.gateway.waiters", "{request}", "Long-poll requests waiting for a view to change.");

    /// <summary>
    /// Counts one long-poll request as waiting until the returned scope is disposed:
    /// <c>using var waiting = GatewayMetrics.TrackWaiter();</c> around the wait.
    /// </summary>
    public static IDisposable TrackWaiter()
    {
        Waiters.Add(1);
        return new WaiterScope();
    }

    private sealed class WaiterScope : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            // A double dispose must not count a waiter twice.
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                Waiters.Add(-1);
            }
        }
    }
}
