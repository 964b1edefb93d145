using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ActorViews.Integration.Tests.Durability;
using ActorViews.Integration.Tests.Http;
using ActorViews.Tests.Shared;

namespace ActorViews.Integration.Tests.Rebuild;

/// <summary><c>actorviews views rebuild</c> against a dev-mode silo process with a history of orders.</summary>
public sealed class ViewRebuildCommandTests(DevSilo fixture) : IClassFixture<DevSilo>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);
    private readonly SiloProcess _silo = fixture.Silo;

    [Fact]
    public async Task Rebuild_with_wait_shows_progress_until_the_new_version_is_live_and_a_second_request_is_refused_in_one_line()
    {
        var ledger = new OrderLedger(_silo.BootstrapServers, orders: 1_000, versions: 3);
        await ledger.ProduceAsync(eventsPerSecond: 20_000, CancellationToken.None);
        await DurableCluster.WaitUntilIngestedAsync(_silo, ledger, Timeout);

        // A rebuild over the history runs for longer than a second command takes to start.
        using (var started = await _silo.Http.PostAsync("/v1/views/order-view/rebuild", null))
        {
            Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        }

        var refused = await CliRun.RunAsync("views", "rebuild", "order-view", "--url", _silo.BaseAddress.ToString());
        Assert.Equal(1, refused.ExitCode);
        Assert.Equal(string.Empty, refused.Output);
        var line = Assert.Single(refused.Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("views rebuild: 409 View 'order-view' is being rebuilt already: version 2 beside version 1", line, StringComparison.Ordinal);

        await OrderViewRebuildTests.WaitUntilCurrentAsync(_silo, version: 2);
        var waited = await CliRun.RunAsync("views", "rebuild", "order-view", "--wait", "--keep", "--url", _silo.BaseAddress.ToString());
        Assert.True(waited.ExitCode == 0, $"views rebuild --wait should end when version 3 is live: {waited.Errors}");
        var output = waited.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(
            ["Rebuilding order-view: version 3 builds from the start of the log beside version 2, which answers reads until the switch.", "order-view is live at version 3."],
            output);

        // Whatever the progress bar drew (one line redrawn in place), it drew percentages and a rate, never a failure.
        Assert.DoesNotContain("views rebuild:", waited.Errors, StringComparison.Ordinal);
        await DurableCluster.AssertViewsEqualFoldAsync(_silo, ledger);
    }

    [Fact]
    public async Task One_view_is_read_by_name_and_a_feed_is_not_rebuilt_on_its_own()
    {
        var feed = await _silo.Http.GetFromJsonAsync<JsonElement>("/v1/views/payment-feed");
        Assert.Equal("payment-feed", feed.GetProperty("name").GetString());

        using var unknown = await _silo.Http.GetAsync("/v1/views/no-such-view");
        Assert.Equal((HttpStatusCode.NotFound, "application/problem+json"), (unknown.StatusCode, unknown.Content.Headers.ContentType?.MediaType));

        using var refused = await _silo.Http.PostAsync("/v1/views/payment-feed/rebuild", null);
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        var detail = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString();
        Assert.Contains("a feed is rebuilt with the view it feeds", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rebuilding_an_unknown_view_says_so_in_one_line()
    {
        var run = await CliRun.RunAsync("views", "rebuild", "no-such-view", "--url", _silo.BaseAddress.ToString());

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("views rebuild: 404 No view that can be rebuilt is named 'no-such-view'; those that can are ", run.Errors, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Output);
    }
}
