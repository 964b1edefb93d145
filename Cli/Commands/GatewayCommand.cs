using ActorViews.Cli.CommandLine;
using ActorViews.Ecosystem;
using ActorViews.Gateway;
using ActorViews.PostgreSql;
using ActorViews.Streaming.Kafka;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;

namespace ActorViews.Cli.Commands;

/// <summary>
/// <c>actorviews gateway</c>: the HTTP gateway as its own stateless process, an Orleans client of the cluster
/// that writes to Kafka; as many as needed run side by side, each can be killed and started again.
/// </summary>
internal sealed class GatewayCommand : DocumentedCommand
{
    private static readonly TimeSpan ConnectRetryFor = TimeSpan.FromSeconds(60);

    public GatewayCommand()
        : base("gateway", "Serve the HTTP gateway apart from the silos, as a stateless cluster client.")
    {
        Details = $"""
            Usage: actorviews gateway --{OrderStreams.BootstrapServersKey} HOST:PORT[,...] [--urls URL] [--KEY VALUE ...]

            Serves the silo's HTTP API (/v1/orders, /v1/customers, /v1/inventory, /v1/payments, /v1/status,
            /openapi/v1.json) from its own process: reads go to the grains through an Orleans client, writes to
            Kafka. It keeps no state. Every option is a configuration key, also settable as an environment
            variable (Kafka__BootstrapServers=...):

              --urls URL                          where to listen (ASP.NET Core's default: http://localhost:5000)
              --{OrderStreams.BootstrapServersKey} LIST         the silos' brokers (required)
              --Kafka:Settings:KEY VALUE          a librdkafka setting (SASL, SSL, ...), as on the silo
              --Kafka:Topics:NAME:Partitions N    a topic's partition count, as on the silo (default {OrderStreams.DefaultPartitions})
              --{GatewaySettings.GatewayKey} HOST:PORT[,...]     the silos' Orleans gateways (default localhost:30000)
              --{GatewaySettings.ClusteringKey} CS  find the gateways in the PostgreSQL membership table instead
              --Orleans:ClusterId ID, --Orleans:ServiceId ID  as on the silos (default actorviews)
              --Gateway:Auth:...                  API keys, as on the silo; required unless Gateway:Auth:Mode=Off
              --Gateway:RateLimit:...             the write rate limit, as on the silo

            Connecting retries for {ConnectRetryFor.TotalSeconds:0} s while no silo answers. Stop with Ctrl+C or SIGTERM.
            """;

        // Whatever is not help is configuration, handed to the web host as it was given.
        TreatUnmatchedTokensAsErrors = false;
        SetAction((parse, shutdown) => RunAsync([.. parse.UnmatchedTokens], shutdown));
    }

    private static async Task<int> RunAsync(string[] args, CancellationToken shutdown)
    {
        var builder = WebApplication.CreateBuilder(args);
        var settings = await GatewaySettings.ReadAsync(builder.Configuration, shutdown);
        var streams = OrderStreams.Read(builder.Configuration);
        var connecting = DateTimeOffset.UtcNow;
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(options =>
            {
                options.ClusterId = settings.ClusterId;
                options.ServiceId = settings.ServiceId;
            });
            UseClustering(client, settings);
            client.AddKafkaStreams(OrderStreams.ProviderName, options => streams.ApplyTo(options, settings.BootstrapServers));
            client.UseConnectionRetryFilter((_, cancellationToken) =>
                Task.FromResult(!cancellationToken.IsCancellationRequested && DateTimeOffset.UtcNow - connecting < ConnectRetryFor));
        });

        // Never the demo's open default: a gateway of its own always serves a real deployment.
        builder.AddActorViewsGateway(devMode: false);

        await using var app = builder.Build();
        app.UseActorViewsGateway();
        app.MapActorViewsGateway();
        await app.StartAsync(shutdown);
        GatewayCommandLog.Serving(
            app.Logger, string.Join(", ", app.Urls), settings.BootstrapServers, settings.ClusteringConnectionString is null ? string.Join(", ", settings.Gateways) : "PostgreSQL membership");
        await app.WaitForShutdownAsync(shutdown);
        return ExitCodes.Success;
    }

    private static void UseClustering(IClientBuilder client, GatewaySettings settings)
    {
        if (settings.ClusteringConnectionString is not { } connectionString)
        {
            client.UseStaticClustering([.. settings.Gateways]);
            return;
        }

        try
        {
            client.UsePostgresClustering(connectionString);
        }
        catch (ArgumentException ex)
        {
            // The message is about the connection string, never shows it.
            throw new InvalidOperationException($"Configuration '{GatewaySettings.ClusteringKey}': {ex.Message}", ex);
        }
    }
}
