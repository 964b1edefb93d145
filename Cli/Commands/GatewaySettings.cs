using System.Net;
using ActorViews.Client;
using ActorViews.Ecosystem;
using Microsoft.Extensions.Configuration;

namespace ActorViews.Cli.Commands;

/// <summary>
/// Where a stand-alone gateway finds the cluster and the log: its configuration keys, read before the host is
/// built so that a bad one fails start-up naming the key.
/// </summary>
/// <param name="BootstrapServers">The brokers the gateway writes to (<c>Kafka:BootstrapServers</c>, required).</param>
/// <param name="Gateways">The silos' Orleans gateways (<c>Orleans:Gateway</c>), when clustering is static.</param>
/// <param name="ClusteringConnectionString">The membership database (<c>Clustering:ConnectionString</c>), or null.</param>
/// <param name="ClusterId">The cluster's ID (<c>Orleans:ClusterId</c>).</param>
/// <param name="ServiceId">The cluster's service ID (<c>Orleans:ServiceId</c>).</param>
internal sealed record GatewaySettings(
    string BootstrapServers, IReadOnlyList<IPEndPoint> Gateways, string? ClusteringConnectionString, string ClusterId, string ServiceId)
{
    public const string GatewayKey = "Orleans:Gateway";
    public const string ClusteringKey = "Clustering:ConnectionString";
    private const string DefaultGateway = "localhost:30000";
    private const string DefaultName = "actorviews";

    /// <summary>Reads the settings; an <see cref="InvalidOperationException"/> names the key of a bad one.</summary>
    public static async Task<GatewaySettings> ReadAsync(IConfiguration configuration, CancellationToken cancellationToken)
    {
        var bootstrap = Text(configuration, OrderStreams.BootstrapServersKey)
            ?? throw new InvalidOperationException(
                $"Configuration '{OrderStreams.BootstrapServersKey}' is required: the brokers the gateway writes events to " +
                "(the silos' own, e.g. as GET /v1/status of a silo shows them).");
        var gateway = Text(configuration, GatewayKey);
        var clustering = Text(configuration, ClusteringKey);
        if (gateway is not null && clustering is not null)
        {
            throw new InvalidOperationException(
                $"Configuration '{GatewayKey}' and '{ClusteringKey}' are both set; give the silos' gateways or the membership database, not both.");
        }

        List<IPEndPoint> gateways = [];
        if (clustering is null)
        {
            foreach (var endpoint in (gateway ?? DefaultGateway).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                try
                {
                    gateways.Add(await GatewayAddress.ResolveAsync(endpoint, cancellationToken));
                }
                catch (Exception ex) when (ex is ArgumentException or System.Net.Sockets.SocketException)
                {
                    throw new InvalidOperationException($"Configuration '{GatewayKey}' must be HOST:PORT[,HOST:PORT...]: {ex.Message}", ex);
                }
            }
        }

        return new GatewaySettings(
            bootstrap, gateways, clustering, Text(configuration, "Orleans:ClusterId") ?? DefaultName, Text(configuration, "Orleans:ServiceId") ?? DefaultName);
    }

    private static string? Text(IConfiguration configuration, string key) =>
        string.IsNullOrWhiteSpace(configuration[key]) ? null : configuration[key]!.Trim();
}
