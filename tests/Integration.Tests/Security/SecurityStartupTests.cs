using ActorViews.Tests.Shared;

namespace ActorViews.Integration.Tests.Security;

/// <summary>A gateway that would be open or unusable by mistake does not start.</summary>
public sealed class SecurityStartupTests
{
    // No broker runs there: the silo must stop on its settings before it ever connects.
    private const string ProductionBroker = "--Kafka:BootstrapServers=127.0.0.1:9";

    [Theory]
    [InlineData("Gateway:Auth:ApiKeys must hold at least one key", ProductionBroker, "--Gateway:Auth:ProtectReads=false")]
    [InlineData("Gateway:Auth:ApiKeys:ci:Key must have at least 16 characters", "--Gateway:Auth:Mode=ApiKey", "--Gateway:Auth:ApiKeys:ci:Key=short-secret", "--Gateway:Auth:ApiKeys:ci:Roles=writer")]
    [InlineData("Gateway:Auth:ApiKeys:ci:Roles has 'admin'", "--Gateway:Auth:Mode=ApiKey", "--Gateway:Auth:ApiKeys:ci:Key=long-enough-secret-0001", "--Gateway:Auth:ApiKeys:ci:Roles=writer,admin")]
    [InlineData("Gateway:Auth:Mode", "--Gateway:Auth:Mode=Maybe")]
    [InlineData("Gateway:RateLimit:PermitLimit must be from 1 to 1000000", "--Gateway:RateLimit:PermitLimit=0")]
    public async Task A_bad_security_setting_fails_start_up_naming_it(string message, params string[] settings)
    {
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => SiloProcess.StartAsync(settings));

        Assert.Matches(@"The silo exited with code [1-9]\d*", failure.Message);
        Assert.Contains(message, failure.Message);
        Assert.DoesNotContain("short-secret", failure.Message);
        Assert.DoesNotContain("long-enough-secret-0001", failure.Message);
    }
}
