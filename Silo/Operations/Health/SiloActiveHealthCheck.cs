using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ActorViews.Silo.Operations.Health;

/// <summary>Healthy when the cluster's membership lists this silo as active.</summary>
internal sealed class SiloActiveHealthCheck(ILocalSiloDetails silo, IClusterMembershipService membership) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = membership.CurrentSnapshot.GetSiloStatus(silo.SiloAddress);
        var description = $"Silo {silo.SiloAddress.ToParsableString()} is {status}.";
        return Task.FromResult(status == SiloStatus.Active ? HealthCheckResult.Healthy(description) : HealthCheckResult.Unhealthy(description));
    }
}
