using System.Net;
using System.Net.Sockets;

namespace ActorViews.Tests.Shared;

/// <summary>Finds TCP ports on 127.0.0.1 that nothing listens on, so parallel test runs never collide on fixed ports.</summary>
public static class FreeTcpPort
{
    // Below Linux's ephemeral range (32768-60999): a port the system hands out for port 0 is also one it hands
    // to outgoing connections (every Kafka and PostgreSQL client of a test run opens many), so a silo told to
    // listen on it later could find it taken. Ports here are only ever taken by a listener that asked for them.
    private const int First = 20000;
    private const int Last = 32000;
    private static readonly HashSet<int> Given = [];

    /// <summary>A port nothing listens on now and that this process has not handed out before.</summary>
    public static int Next()
    {
        lock (Given)
        {
            for (var attempt = 0; attempt < 1000; attempt++)
            {
                var port = Random.Shared.Next(First, Last);
                if (!Given.Contains(port) && IsFree(port))
                {
                    Given.Add(port);
                    return port;
                }
            }
        }

        throw new InvalidOperationException($"No free TCP port found between {First} and {Last}.");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
