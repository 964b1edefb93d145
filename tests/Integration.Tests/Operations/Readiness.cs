using System.Net;
using System.Text.Json;
using ActorViews.Tests.Shared;

namespace ActorViews.Integration.Tests.Operations;

/// <summary>Reads a silo's <c>/readyz</c> or <c>/healthz/dependencies</c> report.</summary>
internal static class Readiness
{
    /// <summary>The dependency report: broker and database, for alerting.</summary>
    public const string DependenciesPath = "/healthz/dependencies";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>Polls <paramref name="path"/> until it answers <paramref name="expected"/>; returns that report.</summary>
    public static async Task<JsonElement> WaitForAsync(SiloProcess silo, HttpStatusCode expected, string expectation, string path = "/readyz")
    {
        JsonElement report = default;
        var last = "";
        try
        {
            await silo.WaitUntilAsync(
                async () =>
                {
                    using var response = await silo.Http.GetAsync(path);
                    Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
                    var body = await response.Content.ReadAsStringAsync();
                    (report, last) = (JsonDocument.Parse(body).RootElement.Clone(), $"{(int)response.StatusCode} {body}");
                    return response.StatusCode == expected;
                },
                Timeout,
                expectation);
        }
        catch (TimeoutException missed)
        {
            throw new TimeoutException($"Last {path}: {last}\n{missed.Message}", missed);
        }

        return report;
    }

    /// <summary>The checks of a health report: name, status and description.</summary>
    public static IEnumerable<(string Name, string Status, string Description)> Checks(JsonElement report) =>
        report.GetProperty("checks").EnumerateArray().Select(c => (
            c.GetProperty("name").GetString()!,
            c.GetProperty("status").GetString()!,
            c.GetProperty("description").GetString() ?? ""));
}
