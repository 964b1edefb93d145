using ActorViews.Gateway.Endpoints;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ActorViews.Silo.Operations.Health;

/// <summary>
/// A health check whose answer is shared: probes, alerting scrapes and status pages asking at once or in quick
/// succession get one run of <paramref name="check"/> (fresh for <paramref name="freshFor"/>), so their number
/// never multiplies broker requests or database connections.
/// </summary>
internal sealed class SharedHealthCheck(IHealthCheck check, TimeSpan freshFor, TimeSpan timeout) : IHealthCheck
{
    private readonly StatusCache<HealthCheckResult> _cache = new(
        () => check.CheckHealthAsync(new HealthCheckContext(), CancellationToken.None), freshFor, TimeProvider.System);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            return await _cache.GetAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return HealthCheckResult.Unhealthy($"No answer within {timeout.TotalSeconds:0}s.");
        }
    }
}
