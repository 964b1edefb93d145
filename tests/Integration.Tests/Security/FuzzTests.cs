using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using ActorViews.Tests.Shared;
using Xunit.Abstractions;

namespace ActorViews.Integration.Tests.Security;

/// <summary>Thousands of malformed requests against a running silo: every one is a 4xx, and the silo keeps serving.</summary>
public sealed class FuzzTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Requests = 3000;
    private const int Parallelism = 8;
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(60);

    private SiloProcess? _silo;

    private SiloProcess Silo => _silo ?? throw new InvalidOperationException("The silo has not started.");

    // The rate limit is raised so that every request reaches the validation it is meant to test.
    public async Task InitializeAsync() => _silo = await SiloProcess.StartAsync("--Demo:Enabled=false", "--Gateway:RateLimit:PermitLimit=1000000");

    public Task DisposeAsync()
    {
        _silo?.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Malformed_requests_are_answered_4xx_and_leave_the_silo_healthy()
    {
        // ACTORVIEWS_FUZZ_SEED replays a failed run.
        var seed = int.TryParse(Environment.GetEnvironmentVariable("ACTORVIEWS_FUZZ_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var given)
            ? given
            : Random.Shared.Next();
        output.WriteLine($"Fuzz seed {seed} (ACTORVIEWS_FUZZ_SEED={seed} replays it)");

        var generator = new MalformedRequests(seed);
        var requests = Enumerable.Range(0, Requests).Select(_ => generator.Next()).ToList();
        var offenders = new ConcurrentBag<string>();
        var statuses = new ConcurrentDictionary<int, int>();
        using var http = new HttpClient { BaseAddress = Silo.Http.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        var clock = Stopwatch.StartNew();

        await Parallel.ForEachAsync(
            requests,
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism },
            async (item, cancellationToken) =>
            {
                var (request, description) = item;
                using (request)
                {
                    try
                    {
                        using var response = await http.SendAsync(request, cancellationToken);
                        var status = (int)response.StatusCode;
                        statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
                        if (status is < 400 or >= 500)
                        {
                            var body = await response.Content.ReadAsStringAsync(cancellationToken);
                            offenders.Add($"{status} for {description}: {(body.Length > 300 ? body[..300] : body)}");
                        }
                    }
                    catch (HttpRequestException ex)
                    {
                        offenders.Add($"no answer for {description}: {ex.Message}");
                    }
                }
            });

        output.WriteLine($"{Requests} requests in {clock.Elapsed.TotalSeconds:F1} s: " +
            string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}")));
        Assert.True(
            offenders.IsEmpty,
            $"Seed {seed}: {offenders.Count} of {Requests} malformed requests were not answered 4xx:\n" + string.Join("\n", offenders.Take(30)));
        Assert.True(clock.Elapsed < Budget, $"The fuzz run should take under {Budget.TotalSeconds} s, took {clock.Elapsed.TotalSeconds:F1} s.");

        await AssertStillServingAsync();
    }

    private async Task AssertStillServingAsync()
    {
        using (var health = await Silo.Http.GetAsync("/healthz"))
        {
            Assert.True(health.StatusCode == HttpStatusCode.OK, $"/healthz should be 200 after the fuzz run, not {(int)health.StatusCode}.");
        }

        using var write = TestKeys.Request(HttpMethod.Post, "/v1/orders", key: null, TestKeys.Order("after-fuzz"));
        using var written = await Silo.Http.SendAsync(write);
        Assert.True(written.StatusCode == HttpStatusCode.Created, $"A valid write after the fuzz run should be 201, not {(int)written.StatusCode}.");

        using var read = TestKeys.Request(HttpMethod.Get, "/v1/orders/after-fuzz", key: null);
        read.Headers.Add("X-Position", written.Headers.GetValues("X-Position").Single());
        using var response = await Silo.Http.SendAsync(read);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Reading the write should be 200, not {(int)response.StatusCode}: {body}");
        Assert.Contains("after-fuzz", body);
    }
}
