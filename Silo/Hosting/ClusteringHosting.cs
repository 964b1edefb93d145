using ActorViews.PostgreSql;
using Orleans.Configuration;

namespace ActorViews.Silo.Hosting;

/// <summary>Clustering of the silo: alone on localhost (dev), or a member of a cluster in PostgreSQL.</summary>
internal static class ClusteringHosting
{
    /// <summary>The key of the membership database's connection string.</summary>
    public const string ConnectionStringKey = "Clustering:ConnectionString";

    /// <summary>
    /// With <c>Clustering:ConnectionString</c> (or, when that is unset, <c>Storage:ConnectionString</c>) the silo
    /// joins the cluster recorded in that PostgreSQL database, reachable at <c>Orleans:AdvertisedAddress</c>
    /// (default: this host's address) on <c>Orleans:SiloPort</c> and <c>Orleans:GatewayPort</c>. Without one it
    /// runs alone with localhost clustering. <c>Orleans:ClusterId</c> and <c>Orleans:ServiceId</c> name the
    /// cluster; <c>Orleans:Membership</c> tunes failure detection (see <see cref="MembershipSettings"/>). Membership
    /// has a pool of its own, <c>Clustering:MaxConnections</c> (see <see cref="ConnectionBudget"/>).
    /// </summary>
    public static ISiloBuilder AddActorViewsClustering(this ISiloBuilder silo, IConfiguration configuration)
    {
        var endpoints = SiloEndpointSettings.Read(configuration);
        MembershipSettings.Read(configuration).ApplyTo(silo);

        if (configuration.ClusteringConnectionString() is not { } connectionString)
        {
            if (endpoints.AdvertisedAddress is not null)
            {
                throw new InvalidOperationException(
                    $"Configuration '{SiloEndpointSettings.AdvertisedAddressKey}' is set, but without '{ConnectionStringKey}' or " +
                    $"'{StorageHosting.ConnectionStringKey}' the silo runs alone on localhost; set a connection string or remove the address.");
            }

            return silo.UseLocalhostClustering(endpoints.SiloPort, endpoints.GatewayPort, serviceId: endpoints.ServiceId, clusterId: endpoints.ClusterId);
        }

        silo.Configure<ClusterOptions>(options =>
        {
            options.ClusterId = endpoints.ClusterId;
            options.ServiceId = endpoints.ServiceId;
        });
        silo = endpoints.AdvertisedAddress is { } address
            ? silo.ConfigureEndpoints(address, endpoints.SiloPort, endpoints.GatewayPort)
            : silo.ConfigureEndpoints(endpoints.SiloPort, endpoints.GatewayPort);
        var key = configuration.Text(ConnectionStringKey) is null ? StorageHosting.ConnectionStringKey : ConnectionStringKey;
        var budget = ConnectionBudget.Read(configuration);
        return ConnectionStringSetting.Guard(key, () => silo.UsePostgresClustering(budget.ForClustering(connectionString)));
    }

    /// <summary>
    /// The membership database: <c>Clustering:ConnectionString</c>, else <c>Storage:ConnectionString</c>, else
    /// null (localhost clustering).
    /// </summary>
    public static string? ClusteringConnectionString(this IConfiguration configuration) =>
        configuration.Text(ConnectionStringKey) ?? configuration.StorageConnectionString();
}
