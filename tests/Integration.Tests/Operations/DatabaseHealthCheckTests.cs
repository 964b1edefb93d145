using ActorViews.Silo.Operations.Health;
using ActorViews.Tests.Shared;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ActorViews.Integration.Tests.Operations;

public sealed class DatabaseHealthCheckTests
{
    [Fact]
    public async Task The_database_check_follows_the_server_down_and_up()
    {
        await using var server = await PostgresServer.StartNewAsync();
        var check = new DatabaseHealthCheck(server.ConnectionString);

        var up = await check.CheckHealthAsync(new HealthCheckContext());
        Assert.True(up.Status == HealthStatus.Healthy, up.Description);

        await server.StopAsync();
        var down = await check.CheckHealthAsync(new HealthCheckContext());
        Assert.Equal(HealthStatus.Unhealthy, down.Status);
        Assert.Contains($"{server.Port}", down.Description);

        await server.StartAsync();
        var back = await check.CheckHealthAsync(new HealthCheckContext());
        Assert.True(back.Status == HealthStatus.Healthy, back.Description);
    }
}
