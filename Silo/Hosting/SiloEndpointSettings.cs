using System.Net;

namespace ActorViews.Silo.Hosting;

/// <summary>Where a silo listens and which cluster it belongs to: the <c>Orleans</c> configuration section.</summary>
/// <param name="ClusterId">Silos with the same cluster ID form one cluster (<c>Orleans:ClusterId</c>).</param>
/// <param name="ServiceId">Keys grain state; keep it across deployments (<c>Orleans:ServiceId</c>).</param>
/// <param name="SiloPort">Silo-to-silo port (<c>Orleans:SiloPort</c>).</param>
/// <param name="GatewayPort">Client gateway port (<c>Orleans:GatewayPort</c>).</param>
/// <param name="AdvertisedAddress">The address other silos reach this one at (<c>Orleans:AdvertisedAddress</c>), or null for the default.</param>
internal sealed record SiloEndpointSettings(string ClusterId, string ServiceId, int SiloPort, int GatewayPort, IPAddress? AdvertisedAddress)
{
    public const string AdvertisedAddressKey = "Orleans:AdvertisedAddress";
    private const string DefaultName = "actorviews";

    /// <summary>Reads the section; a bad value fails naming its key.</summary>
    public static SiloEndpointSettings Read(IConfiguration configuration)
    {
        var siloPort = configuration.Port("Orleans:SiloPort", 11111);
        var gatewayPort = configuration.Port("Orleans:GatewayPort", 30000);
        if (siloPort == gatewayPort)
        {
            throw new InvalidOperationException($"Configuration 'Orleans:SiloPort' and 'Orleans:GatewayPort' must differ; both are {siloPort}.");
        }

        return new SiloEndpointSettings(
            configuration.Text("Orleans:ClusterId") ?? DefaultName,
            configuration.Text("Orleans:ServiceId") ?? DefaultName,
            siloPort,
            gatewayPort,
            configuration.Address(AdvertisedAddressKey));
    }
}
