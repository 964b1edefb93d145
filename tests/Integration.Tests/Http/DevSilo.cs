using ActorViews.Tests.Shared;

namespace ActorViews.Integration.Tests.Http;

/// <summary>One dev-mode silo without the demo generator, shared by a test class.</summary>
public sealed class DevSilo : IAsyncLifetime
{
    private SiloProcess? _silo;

    internal SiloProcess Silo => _silo ?? throw new InvalidOperationException("The silo has not started.");

    public async Task InitializeAsync() => _silo = await SiloProcess.StartAsync("--Demo:Enabled=false");

    public Task DisposeAsync()
    {
        _silo?.Dispose();
        return Task.CompletedTask;
    }
}
