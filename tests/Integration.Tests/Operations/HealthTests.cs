using System.Net;
using System.Text.Json;
using ActorViews.Grains;
using ActorViews.Tests.Shared;

namespace ActorViews.Integration.Tests.Operations;

/// <summary>Own silo and broker: these tests take the broker down.</summary>
public sealed class HealthTests(BrokerSilo fixture) : IClassFixture<BrokerSilo>
{
    private static readonly string[] ReadinessChecks = ["kafka-broker", "partitions-assigned", "silo-active"];
    private readonly SiloProcess _silo = fixture.Silo;

    [Fact]
    public async Task Liveness_answers_while_the_process_runs()
    {
        var (status, report) = await GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Healthy", report.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Readiness_turns_unhealthy_while_the_broker_is_down_and_healthy_again_when_it_returns()
    {
        await WaitForReadinessAsync(HttpStatusCode.OK, "every readiness check should pass once the silo reads its partitions");
        var (_, ready) = await GetAsync("/readyz");
        Assert.Equal(ReadinessChecks, Checks(ready).Select(c => c.Name).Order(StringComparer.Ordinal));
        Assert.All(Checks(ready), c => Assert.Equal("Healthy", c.Status));
        var all = Topics.All.Count * BrokerSilo.Partitions;
        Assert.Contains($"reads {all} of {all} partitions", Checks(ready).Single(c => c.Name == "partitions-assigned").Description);

        fixture.Broker.SetAllBrokersDown();
        try
        {
            var down = await WaitForReadinessAsync(HttpStatusCode.ServiceUnavailable, "/readyz should answer 503 while every broker is down");
            var broker = Checks(down).Single(c => c.Name == "kafka-broker");
            Assert.Equal("Unhealthy", broker.Status);
            Assert.Contains("No broker answered", broker.Description);
            Assert.Equal("Healthy", Checks(down).Single(c => c.Name == "silo-active").Status);
            Assert.Equal(HttpStatusCode.OK, (await GetAsync("/healthz")).Status);
        }
        finally
        {
            fixture.Broker.SetAllBrokersUp();
        }

        var back = await WaitForReadinessAsync(HttpStatusCode.OK, "/readyz should answer 200 again once the broker is back");
        Assert.All(Checks(back), c => Assert.Equal("Healthy", c.Status));
    }

    private Task<JsonElement> WaitForReadinessAsync(HttpStatusCode expected, string expectation) =>
        Readiness.WaitForAsync(_silo, expected, expectation);

    private async Task<(HttpStatusCode Status, JsonElement Report)> GetAsync(string path)
    {
        using var response = await _silo.Http.GetAsync(path);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        return (response.StatusCode, body);
    }

    private static IEnumerable<(string Name, string Status, string Description)> Checks(JsonElement report) => Readiness.Checks(report);
}
