using System.Net;
using System.Net.Sockets;

namespace ActorViews.Integration.Tests.Support;

/// <summary>Finds TCP ports nobody listens on.</summary>
internal static class FreePort
{
    /// <summary>A port the OS just handed out on loopback, released for the caller to bind.</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
