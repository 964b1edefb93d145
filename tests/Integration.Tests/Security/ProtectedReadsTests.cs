using System.Net;
using ActorViews.Tests.Shared;

namespace ActorViews.Integration.Tests.Security;

/// <summary>With <c>Gateway:Auth:ProtectReads</c>, every read needs a key of some role; probes stay open.</summary>
public sealed class ProtectedReadsTests : IAsyncLifetime
{
    private SiloProcess? _silo;

    private SiloProcess Silo => _silo ?? throw new InvalidOperationException("The silo has not started.");

    // Dev mode with authentication switched on explicitly: the same rules as the production profile.
    public async Task InitializeAsync() => _silo = await SiloProcess.StartAsync(
        new Uri($"http://127.0.0.1:{FreeTcpPort.Next()}"),
        [
            $"--Orleans:SiloPort={FreeTcpPort.Next()}",
            $"--Orleans:GatewayPort={FreeTcpPort.Next()}",
            "--Demo:Enabled=false",
            "--Gateway:Auth:Mode=ApiKey",
            "--Gateway:Auth:ProtectReads=true",
            .. TestKeys.Settings,
        ],
        apiKey: TestKeys.Reader);

    public Task DisposeAsync()
    {
        _silo?.Dispose();
        return Task.CompletedTask;
    }

    [Theory]
    [InlineData("/v1/orders/o-1")]
    [InlineData("/v1/customers/7")]
    [InlineData("/v1/inventory/JUMPERS")]
    [InlineData("/v1/status")]
    [InlineData("/openapi/v1.json")]
    public async Task A_read_needs_a_key_of_any_role(string path)
    {
        using var anonymous = new HttpClient { BaseAddress = Silo.Http.BaseAddress };
        using var refused = await anonymous.GetAsync(path);
        await AuthenticationTests.AssertProblemAsync(refused, HttpStatusCode.Unauthorized, "X-Api-Key");

        foreach (var key in new[] { TestKeys.Reader, TestKeys.Writer, TestKeys.Operator })
        {
            using var request = TestKeys.Request(HttpMethod.Get, path, key);
            using var response = await anonymous.SendAsync(request);
            Assert.True(
                response.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound,
                $"GET {path} with a key should be served (200, or 404 for a view with no events), not {(int)response.StatusCode}.");
        }
    }

    [Fact]
    public async Task Probes_stay_open()
    {
        using var anonymous = new HttpClient { BaseAddress = Silo.Http.BaseAddress };
        using var response = await anonymous.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
