using ActorViews.Tests.Shared;

namespace ActorViews.Integration.Tests.Durability;

/// <summary>Cluster and storage settings that cannot work stop the silo at start-up, naming the key.</summary>
public sealed class SiloSettingsTests
{
    [Theory]
    [InlineData("--Orleans:Membership:ProbeTimeout=soon", "Orleans:Membership:ProbeTimeout")]
    [InlineData("--Orleans:Membership:NumMissedProbesLimit=0", "Orleans:Membership:NumMissedProbesLimit")]
    [InlineData("--Storage:ConnectionString=Host=x;Frobnicate=1;Password=hunter22", "Storage:ConnectionString")]
    [InlineData("--Orleans:AdvertisedAddress=10.0.0.1", "Orleans:AdvertisedAddress")]
    public async Task A_bad_setting_fails_start_up_naming_it(string setting, string key)
    {
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => SiloProcess.StartAsync("--Demo:Enabled=false", setting));

        Assert.Contains("The silo exited", failure.Message);
        Assert.Contains($"'{key}'", failure.Message);
        Assert.DoesNotContain("hunter22", failure.Message);
    }
}
