using System.Net;
using System.Text.Json;
using ActorViews.Grains;
using ActorViews.Tests.Shared;

namespace ActorViews.Integration.Tests.Operations;

/// <summary>Own silo and broker: these tests take the broker down.</summary>
public sealed class HealthTests(BrokerSilo fixture) : IClassFixture<BrokerSilo>
{
    private static readonly string[] ReadinessChecks = ["partition-conditions", "partitions-assigned", "silo-active"];
    private static readonly TimeSpan Blip = TimeSpan.FromSeconds(15);
    private readonly SiloProcess _silo = fixture.Silo;

    [Fact]
    public async Task Liveness_answers_while_the_process_runs()
    {
        var (status, report) = await GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Healthy", report.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_broker_blip_leaves_readiness_and_status_answering_while_dependency_health_reports_it()
    {
        await WaitForReadinessAsync(HttpStatusCode.OK, "every readiness check should pass once the silo reads its partitions");

        // Ready once it reads any partition; its receivers start one by one (each reads its views' versions first).
        var all = Topics.All.Count * BrokerSilo.Partitions;
        JsonElement ready = default;
        await _silo.WaitUntilAsync(
            async () => Checks(ready = (await GetAsync("/readyz")).Report).Single(c => c.Name == "partitions-assigned").Description.Contains($"reads {all} of {all} partitions", StringComparison.Ordinal),
            TimeSpan.FromSeconds(60),
            () => $"the silo to read all {all} partitions (last: {ready})");
        Assert.Equal(ReadinessChecks, Checks(ready).Select(c => c.Name).Order(StringComparer.Ordinal));
        Assert.All(Checks(ready), c => Assert.Equal("Healthy", c.Status));
        var dependencies = await WaitForDependenciesAsync(HttpStatusCode.OK, "the broker to be reported healthy");
        Assert.Equal(["kafka-broker"], Checks(dependencies).Select(c => c.Name));

        fixture.Broker.SetAllBrokersDown();
        try
        {
            var down = await WaitForDependenciesAsync(HttpStatusCode.ServiceUnavailable, "/healthz/dependencies should answer 503 while every broker is down");
            var broker = Checks(down).Single(c => c.Name == "kafka-broker");
            Assert.Equal("Unhealthy", broker.Status);
            Assert.Contains("No broker answered", broker.Description);

            // Through the blip, each probe answers 200 at once, and a crowd of status callers shares one bounded
            // read of the broker: each gets an answer (200 from a read made before the blip, or 503) within the
            // endpoint's 5 s, none waits behind the others' broker requests.
            var blip = System.Diagnostics.Stopwatch.StartNew();
            while (blip.Elapsed < Blip)
            {
                using var probe = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                using var response = await _silo.Http.GetAsync("/readyz", probe.Token);
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"/readyz must stay 200 while the broker is away, not {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");

                var crowd = await Task.WhenAll(Enumerable.Range(0, 20).Select(async _ =>
                {
                    using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(8));
                    using var status = await _silo.Http.GetAsync("/v1/status", deadline.Token);
                    return status.StatusCode;
                }));
                Assert.All(crowd, code => Assert.True(code is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, $"/v1/status answered {(int)code}"));
            }

            Assert.Equal(HttpStatusCode.OK, (await GetAsync("/healthz")).Status);
        }
        finally
        {
            fixture.Broker.SetAllBrokersUp();
        }

        var back = await WaitForDependenciesAsync(HttpStatusCode.OK, "/healthz/dependencies should answer 200 again once the broker is back");
        Assert.All(Checks(back), c => Assert.Equal("Healthy", c.Status));
        Assert.Equal(HttpStatusCode.OK, (await GetAsync("/readyz")).Status);
    }

    private Task<JsonElement> WaitForReadinessAsync(HttpStatusCode expected, string expectation) =>
        Readiness.WaitForAsync(_silo, expected, expectation);

    private Task<JsonElement> WaitForDependenciesAsync(HttpStatusCode expected, string expectation) =>
        Readiness.WaitForAsync(_silo, expected, expectation, Readiness.DependenciesPath);

    private async Task<(HttpStatusCode Status, JsonElement Report)> GetAsync(string path)
    {
        using var response = await _silo.Http.GetAsync(path);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        return (response.StatusCode, body);
    }

    private static IEnumerable<(string Name, string Status, string Description)> Checks(JsonElement report) => Readiness.Checks(report);
}
