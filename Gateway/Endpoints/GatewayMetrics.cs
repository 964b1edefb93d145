using System.Diagnostics.Metrics;

namespace ActorViews.Gateway.Endpoints;

/// <summary>
/// Instruments of the HTTP gateway that ASP.NET Core's own request metrics do not cover. Request rate and
/// latency come from <c>http.server.request.duration</c>.
/// </summary>
internal static class GatewayMetrics
{
    /// <summary>The meter of the gateway's instruments; a host exporting metrics adds it by this name.</summary>
    public const string MeterName = "ActorViews.Gateway";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> Refused = Meter.CreateCounter<long>(
        "actorviews.gateway.requests.refused", "{request}", "Requests refused for a missing role (reason forbidden) or by the write rate limiter (reason rate_limited).");

    private static long _waiters;

    // Observed rather than added to, so a gateway without long polls exports 0 instead of no series.
    static GatewayMetrics() => Meter.CreateObservableUpDownCounter(
        "actorviews.gateway.waiters", () => Volatile.Read(ref _waiters), "{request}", "Long-poll requests waiting for a view to change.");

    /// <summary>
    /// Counts one long-poll request as waiting until the returned scope is disposed:
    /// <c>using var waiting = GatewayMetrics.TrackWaiter();</c> around the wait.
    /// </summary>
    internal static IDisposable TrackWaiter()
    {
        Interlocked.Increment(ref _waiters);
        return new WaiterScope();
    }

    /// <summary>Counts one request refused for <paramref name="reason"/>: <c>forbidden</c> or <c>rate_limited</c>.</summary>
    public static void RecordRefused(string reason) => Refused.Add(1, new KeyValuePair<string, object?>("actorviews.reason", reason));

    /// <summary>Creates the instruments, so they are exported before the first long poll.</summary>
    internal static void Publish()
    {
        // The static constructor did the work.
    }

    private sealed class WaiterScope : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            // A double dispose must not count a waiter twice.
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                Interlocked.Decrement(ref _waiters);
            }
        }
    }
}
