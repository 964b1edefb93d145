using ActorViews.Tests.Shared;

namespace ActorViews.Integration.Tests.Http;

public sealed class SiloStartupTests
{
    [Theory]
    [InlineData("--Demo:OrdersPerSecond=0", "Demo:OrdersPerSecond")]
    [InlineData("--Kafka:Topics:orders:Partitions=0", "Kafka:Topics:orders:Partitions")]
    public async Task A_bad_setting_fails_start_up_naming_it(string setting, string option)
    {
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(
            () => SiloProcess.StartAsync("--Demo:Enabled=true", setting));

        Assert.Contains("The silo exited", failure.Message);
        Assert.Contains(option, failure.Message);
    }
}
