namespace ActorViews.Tests.Shared;

/// <summary>
/// One private PostgreSQL server shared by the tests of a collection; tests that need isolation create their
/// own database with <see cref="PostgresServer.CreateDatabaseAsync"/>.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private PostgresServer? server;

    /// <summary>The running server.</summary>
    public PostgresServer Server => server ?? throw new InvalidOperationException("The PostgreSQL fixture has not been initialized.");

    /// <summary>Creates a fresh, empty database with a unique name and returns its connection string.</summary>
    public Task<string> CreateDatabaseAsync() => Server.CreateDatabaseAsync("test_" + Guid.NewGuid().ToString("N")[..12]);

    public async Task InitializeAsync() => server = await PostgresServer.StartNewAsync();

    public async Task DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }
}
