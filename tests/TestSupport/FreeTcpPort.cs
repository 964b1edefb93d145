using System.Net;
using System.Net.Sockets;

namespace ActorViews.Tests.Shared;

/// <summary>Finds TCP ports on 127.0.0.1 that nothing listens on, so parallel test runs never collide on fixed ports.</summary>
public static class FreeTcpPort
{
    /// <summary>A port the operating system just handed out as free.</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
