using System.Net;
using ActorViews.Tests.Shared;

namespace ActorViews.Integration.Tests.Security;

/// <summary>Writes beyond the limit are refused with 429 and Retry-After, per key, until the window turns.</summary>
[Collection(SecurityCollection.Name)]
public sealed class RateLimitTests(SecuredSilo fixture)
{
    private readonly SiloProcess _silo = fixture.Silo;

    [Fact]
    public async Task A_burst_beyond_the_limit_is_429_with_retry_after_then_writes_pass_again()
    {
        const int Burst = SecuredSilo.PermitLimit * 3;
        var responses = await Task.WhenAll(Enumerable.Range(0, Burst).Select(i => PostAsync(TestKeys.Burst, $"burst-{i}")));
        try
        {
            var statuses = responses.Select(r => (int)r.StatusCode).ToList();
            Assert.True(
                statuses.All(s => s is 201 or 429),
                $"Every write of the burst should be 201 or 429: {string.Join(", ", statuses)}");

            // However the burst falls across window boundaries, at most two windows' worth pass.
            var accepted = statuses.Count(s => s == 201);
            Assert.True(
                accepted is >= 1 and <= 2 * SecuredSilo.PermitLimit,
                $"Between 1 and {2 * SecuredSilo.PermitLimit} of {Burst} writes should pass, not {accepted}: {string.Join(", ", statuses)}");

            var refused = responses.First(r => r.StatusCode == HttpStatusCode.TooManyRequests);
            var retryAfter = refused.Headers.RetryAfter?.Delta;
            Assert.True(
                retryAfter is { } delta && delta > TimeSpan.Zero && delta <= SecuredSilo.Window,
                $"Retry-After should be 1 to {SecuredSilo.Window.TotalSeconds} s, not '{refused.Headers.RetryAfter}'.");
            await AuthenticationTests.AssertProblemAsync(refused, HttpStatusCode.TooManyRequests, "Retry after");
        }
        finally
        {
            foreach (var response in responses)
            {
                response.Dispose();
            }
        }

        // Another caller has a window of its own.
        using (var other = await PostAsync(TestKeys.Writer, "burst-other"))
        {
            Assert.True(other.StatusCode == HttpStatusCode.Created, $"The writer key should not share the burst key's limit: {(int)other.StatusCode}.");
        }

        var attempt = 0;
        await _silo.WaitUntilAsync(
            async () =>
            {
                using var again = await PostAsync(TestKeys.Burst, $"burst-later-{attempt++}");
                return again.StatusCode == HttpStatusCode.Created;
            },
            TimeSpan.FromSeconds(30),
            "a write of the burst key should pass again once its window turned");
    }

    private async Task<HttpResponseMessage> PostAsync(string key, string orderId)
    {
        using var request = TestKeys.Request(HttpMethod.Post, "/v1/orders", key, TestKeys.Order(orderId));
        return await _silo.Http.SendAsync(request);
    }
}
