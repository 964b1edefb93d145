using System.Net;
using ActorViews.Tests.Shared;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;

namespace ActorViews.PostgreSql.Tests;

/// <summary>Real Orleans silos in this process, each a plain host on its own free ports.</summary>
internal static class Silos
{
    public static readonly TimeSpan StopDeadline = TimeSpan.FromSeconds(30);

    /// <summary>A single silo with in-memory (localhost) clustering.</summary>
    public static async Task<IHost> StartLocalAsync(string serviceId, Action<ISiloBuilder> configure)
    {
        var host = new HostBuilder()
            .UseOrleans(silo =>
            {
                silo.UseLocalhostClustering(FreeTcpPort.Next(), FreeTcpPort.Next(), serviceId: serviceId, clusterId: serviceId);
                configure(silo);
            })
            .Build();
        await host.StartAsync();
        return host;
    }

    /// <summary>A silo that joins the cluster recorded in the PostgreSQL membership table.</summary>
    public static async Task<IHost> StartClusteredAsync(string connectionString, string clusterId)
    {
        var host = new HostBuilder()
            .UseOrleans(silo =>
            {
                silo.UsePostgresClustering(connectionString);
                silo.Configure<ClusterOptions>(options =>
                {
                    options.ClusterId = clusterId;
                    options.ServiceId = clusterId;
                });
                silo.ConfigureEndpoints(IPAddress.Loopback, FreeTcpPort.Next(), FreeTcpPort.Next());
            })
            .Build();
        await host.StartAsync();
        return host;
    }

    /// <summary>Runs <paramref name="test"/> against a started local silo and stops the silo whatever happens.</summary>
    public static async Task WithLocalSiloAsync(string serviceId, Action<ISiloBuilder> configure, Func<IHost, Task> test)
        => await RunThenStopAsync(await StartLocalAsync(serviceId, configure), test);

    /// <summary>Runs <paramref name="test"/> against a started clustered silo and stops the silo whatever happens.</summary>
    public static async Task WithClusteredSiloAsync(string connectionString, string clusterId, Func<IHost, Task> test)
        => await RunThenStopAsync(await StartClusteredAsync(connectionString, clusterId), test);

    public static async Task StopAsync(IHost host)
    {
        using var deadline = new CancellationTokenSource(StopDeadline);
        await host.StopAsync(deadline.Token);
        host.Dispose();
    }

    private static async Task RunThenStopAsync(IHost host, Func<IHost, Task> test)
    {
        try
        {
            await test(host);
        }
        finally
        {
            await StopAsync(host);
        }
    }
}
