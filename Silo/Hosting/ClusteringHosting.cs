namespace ActorViews.Silo.Hosting;

/// <summary>Clustering of the silo.</summary>
internal static class ClusteringHosting
{
    /// <summary>
    /// Localhost clustering on <c>Orleans:SiloPort</c> (default 11111) and <c>Orleans:GatewayPort</c> (default
    /// 30000), with <c>Orleans:ClusterId</c> and <c>Orleans:ServiceId</c> (default "actorviews").
    /// </summary>
    public static ISiloBuilder AddActorViewsClustering(this ISiloBuilder silo, IConfiguration configuration) =>
        silo.UseLocalhostClustering(
            siloPort: configuration.GetValue("Orleans:SiloPort", 11111),
            gatewayPort: configuration.GetValue("Orleans:GatewayPort", 30000),
            serviceId: configuration.GetValue("Orleans:ServiceId", "actorviews")!,
            clusterId: configuration.GetValue("Orleans:ClusterId", "actorviews")!);
}
