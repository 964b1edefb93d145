using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ActorViews.Client;

/// <summary>Turns a silo's Orleans gateway, written <c>host:port</c>, into the endpoint a cluster client dials.</summary>
public static class GatewayAddress
{
    /// <summary>The address of <paramref name="gateway"/> (<c>host:port</c>), IPv4 preferred.</summary>
    /// <param name="gateway">The gateway, e.g. <c>localhost:30000</c> or <c>[::1]:30000</c>.</param>
    /// <param name="cancellationToken">Cancels the DNS look-up.</param>
    /// <returns>The endpoint.</returns>
    /// <exception cref="ArgumentException">It is not <c>host:port</c>, or the host has no address.</exception>
    public static async Task<IPEndPoint> ResolveAsync(string gateway, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        var colon = gateway.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(gateway.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is 0 or > 65535)
        {
            throw new ArgumentException($"The gateway must be host:port, not '{gateway}'.", nameof(gateway));
        }

        var host = gateway[..colon];
        if (IPAddress.TryParse(host.Trim('[', ']'), out var address))
        {
            return new IPEndPoint(address, port);
        }

        var addresses = await Dns.GetHostAddressesAsync(host, cancellationToken);
        var chosen = addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses.FirstOrDefault()
            ?? throw new ArgumentException($"The gateway host '{host}' has no address.", nameof(gateway));
        return new IPEndPoint(chosen, port);
    }
}
