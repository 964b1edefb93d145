using System.Net;
using ActorViews.Integration.Tests.Http;
using ActorViews.Tests.Shared;

namespace ActorViews.Integration.Tests.Deploy;

/// <summary>The probes of silo.yaml name endpoints a silo serves, open to the kubelet (which sends no key).</summary>
public sealed class ProbeEndpointTests(DevSilo fixture) : IClassFixture<DevSilo>
{
    [Fact]
    public async Task Every_probe_path_answers_200_once_the_silo_serves()
    {
        var paths = await ManifestTests.ProbePathsAsync();
        Assert.Equal(["/healthz", "/readyz"], paths.Order(StringComparer.Ordinal));

        foreach (var path in paths)
        {
            await fixture.Silo.WaitUntilAsync(
                async () =>
                {
                    using var response = await fixture.Silo.Http.GetAsync(path);
                    return response.StatusCode == HttpStatusCode.OK;
                },
                Deadline.Default,
                $"GET {path} (a probe of silo.yaml) should answer 200");
        }

        using var unknown = await fixture.Silo.Http.GetAsync("/not-a-probe");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }
}
