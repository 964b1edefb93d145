using System.Globalization;
using System.Net;
using ActorViews.Grains;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;

namespace ActorViews.Client;

/// <summary>
/// Typed access to the ActorViews views for .NET applications, through an Orleans cluster client: the calls
/// go straight to the grains, wherever they live, without the HTTP gateway.
/// </summary>
public sealed class ActorViewsClient : IAsyncDisposable
{
    private readonly IHost? _host;

    /// <summary>Wraps a cluster client the application already runs.</summary>
    public ActorViewsClient(IClusterClient client)
        : this(client, host: null)
    {
    }

    private ActorViewsClient(IClusterClient client, IHost? host)
    {
        ArgumentNullException.ThrowIfNull(client);
        Grains = client;
        _host = host;
    }

    /// <summary>The grain factory, for calls this class does not wrap.</summary>
    public IGrainFactory Grains { get; }

    /// <summary>Connects to the silo gateway at <paramref name="gateway"/> (<c>host:port</c>, e.g. <c>localhost:30000</c>).</summary>
    /// <param name="gateway">The silo's Orleans gateway endpoint.</param>
    /// <param name="clusterId">The cluster ID the silo runs with.</param>
    /// <param name="serviceId">The service ID the silo runs with.</param>
    /// <param name="cancellationToken">Cancels connecting.</param>
    /// <returns>A client owning its connection; dispose it to disconnect.</returns>
    public static async Task<ActorViewsClient> ConnectAsync(
        string gateway, string clusterId = "actorviews", string serviceId = "actorviews", CancellationToken cancellationToken = default)
    {
        var endpoint = await ResolveAsync(gateway, cancellationToken);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleansClient(client => client
            .UseStaticClustering(endpoint)
            .Configure<ClusterOptions>(options =>
            {
                options.ClusterId = clusterId;
                options.ServiceId = serviceId;
            }));
        var host = builder.Build();
        try
        {
            await host.StartAsync(cancellationToken);
        }
        catch
        {
            host.Dispose();
            throw;
        }

        return new ActorViewsClient(host.Services.GetRequiredService<IClusterClient>(), host);
    }

    /// <summary>The order's view now, or null when no event of it arrived.</summary>
    public Task<OrderSnapshot?> GetOrderAsync(string orderId) => Grains.GetGrain<IOrderView>(orderId).GetAsync();

    /// <summary>Waits up to <paramref name="timeout"/> until the order is in its view; null when it is not by then.</summary>
    public Task<OrderSnapshot?> WaitForOrderAsync(string orderId, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        WaitAsync(orderId, OrderWaitCondition.Present, timeout, cancellationToken);

    /// <summary>
    /// Waits up to <paramref name="timeout"/> (any length: the wait is made of bounded long-polls) until the
    /// order is VALIDATED or FAILED; null when it is not by then.
    /// </summary>
    public Task<OrderSnapshot?> WaitForValidatedAsync(string orderId, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        WaitAsync(orderId, OrderWaitCondition.Settled, timeout, cancellationToken);

    /// <summary>The customer's view now, or null when neither profile nor order of it arrived.</summary>
    public Task<CustomerSnapshot?> GetCustomerAsync(long customerId) =>
        Grains.GetGrain<ICustomerView>(customerId.ToString(CultureInfo.InvariantCulture)).GetAsync();

    /// <summary>The product's inventory view now, or null when the warehouse never reported it.</summary>
    public Task<InventorySnapshot?> GetInventoryAsync(Product product) =>
        Grains.GetGrain<IInventoryView>(ProductNames.Of(product)).GetAsync();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync();
            _host.Dispose();
        }
    }

    private async Task<OrderSnapshot?> WaitAsync(string orderId, OrderWaitCondition until, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var view = Grains.GetGrain<IOrderView>(orderId);
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var left = deadline - DateTimeOffset.UtcNow;
            var result = await view.WaitAsync(until, after: null, ViewWaits.Clamp(left)).WaitAsync(cancellationToken);
            if (result.Satisfied)
            {
                return result.Snapshot;
            }

            if (left <= ViewWaits.MaxTimeout)
            {
                return null;
            }
        }
    }

    /// <summary>The address of <paramref name="gateway"/> (<c>host:port</c>), IPv4 preferred.</summary>
    /// <exception cref="ArgumentException">It is not <c>host:port</c>, or the host has no address.</exception>
    internal static async Task<IPEndPoint> ResolveAsync(string gateway, CancellationToken cancellationToken)
    {
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
        var chosen = addresses.FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork) ?? addresses.FirstOrDefault()
            ?? throw new ArgumentException($"The gateway host '{host}' has no address.", nameof(gateway));
        return new IPEndPoint(chosen, port);
    }
}
