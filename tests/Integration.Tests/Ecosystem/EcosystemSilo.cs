using ActorViews.Client;
using ActorViews.Tests.Shared;

namespace ActorViews.Integration.Tests.Ecosystem;

/// <summary>One dev-mode silo process without the demo, and a typed client connected to its Orleans gateway.</summary>
public sealed class EcosystemSilo : IAsyncLifetime
{
    private SiloProcess? _silo;
    private ActorViewsClient? _client;

    internal SiloProcess Silo => _silo ?? throw new InvalidOperationException("The silo has not started.");

    internal ActorViewsClient Client => _client ?? throw new InvalidOperationException("The client has not connected.");

    /// <summary>The silo's Orleans gateway port, for further clients.</summary>
    internal int GatewayPort { get; private set; }

    public async Task InitializeAsync()
    {
        // The last value of a setting wins, so this gateway port replaces the one SiloProcess picks.
        var gatewayPort = GatewayPort = FreeTcpPort.Next();
        _silo = await SiloProcess.StartAsync("--Demo:Enabled=false", $"--Orleans:GatewayPort={gatewayPort}");
        _client = await ActorViewsClient.ConnectAsync($"127.0.0.1:{gatewayPort}");
    }

    public async Task DisposeAsync()
    {
        if (_client is not null)
        {
            await _client.DisposeAsync();
        }

        _silo?.Dispose();
    }
}
