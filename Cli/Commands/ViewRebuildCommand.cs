using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ActorViews.Cli.CommandLine;

namespace ActorViews.Cli.Commands;

/// <summary>
/// <c>actorviews views rebuild NAME [--wait] [--keep]</c>: starts a rebuild of a view with
/// <c>POST /v1/views/{name}/rebuild</c> and, with <c>--wait</c>, shows its progress until the new version answers reads.
/// </summary>
internal sealed class ViewRebuildCommand : DocumentedCommand
{
    private static readonly TimeSpan PollEvery = TimeSpan.FromSeconds(1);
    private const int BarWidth = 30;

    private readonly ViewsHttpOptions _http = new();
    private readonly Argument<string> _name = new("NAME") { Description = "the view, as views list names it (e.g. order-view)" };
    private readonly Option<bool> _wait = new("--wait") { Description = "show the rebuild's progress until the new version is live; exit 0 then" };
    private readonly Option<bool> _keep = new("--keep") { Description = "keep the replaced version's stored state instead of deleting it after the switch" };

    public ViewRebuildCommand()
        : base("rebuild", "Rebuild a view: build its next version from the start of the log beside the one that answers reads, then switch reads to it.")
    {
        Details = """
            Reads keep answering from the current version while the new one builds. Once the new version has
            caught up on every partition, reads switch to it, and the replaced version's stored state is deleted
            (kept with --keep). With --wait a progress bar (events left, events/s, ETA) is drawn until then.
            Exits with 1 when a rebuild of the view runs already (409), the view is unknown (404), or the address
            does not answer or refuses the request (401/403: give --api-key).
            """;
        Arguments.Add(_name);
        Options.Add(_wait);
        Options.Add(_keep);
        _http.AddTo(this);
        SetAction(RunAsync);
    }

    private async Task<int> RunAsync(ParseResult parse, CancellationToken shutdown)
    {
        var url = _http.Url(parse);
        var name = parse.GetRequiredValue(_name);
        using var http = _http.Client(parse);
        var view = Uri.EscapeDataString(name);
        int target;
        try
        {
            using var response = await http.PostAsync(new Uri($"/v1/views/{view}/rebuild?keep={(parse.GetValue(_keep) ? "true" : "false")}", UriKind.Relative), null, shutdown);
            if (response.StatusCode != HttpStatusCode.Accepted)
            {
                await Console.Error.WriteLineAsync($"views rebuild: {await RefusalAsync(response, shutdown)}");
                return ExitCodes.Failure;
            }

            var started = await response.Content.ReadFromJsonAsync<JsonElement>(shutdown);
            target = started.GetProperty("buildingVersion").GetInt32();
            await Console.Out.WriteLineAsync($"Rebuilding {name}: version {target} builds from the start of the log beside version {started.GetProperty("version").GetInt32()}, which answers reads until the switch.");
        }
        catch (HttpRequestException failure)
        {
            await Console.Error.WriteLineAsync($"views rebuild: {url} did not answer: {failure.Message}");
            return ExitCodes.Failure;
        }

        return parse.GetValue(_wait) ? await WaitAsync(http, url, name, target, shutdown) : ExitCodes.Success;
    }

    private static async Task<int> WaitAsync(HttpClient http, Uri url, string name, int target, CancellationToken shutdown)
    {
        var status = new Uri($"/v1/views/{Uri.EscapeDataString(name)}", UriKind.Relative);
        while (true)
        {
            try
            {
                using var response = await http.GetAsync(status, shutdown);
                if (response.IsSuccessStatusCode)
                {
                    var line = await response.Content.ReadFromJsonAsync<JsonElement>(shutdown);
                    if (line.GetProperty("version").GetInt32() >= target)
                    {
                        await Console.Error.WriteLineAsync();
                        await Console.Out.WriteLineAsync($"{name} is live at version {line.GetProperty("version").GetInt32()}.");
                        return ExitCodes.Success;
                    }

                    await Console.Error.WriteAsync("\r" + Bar(line));
                }
                else if (response.StatusCode is not HttpStatusCode.ServiceUnavailable)
                {
                    await Console.Error.WriteLineAsync($"{Environment.NewLine}views rebuild: {url} answered {ViewsHttpOptions.Refused(response)} while the rebuild ran; it goes on in the cluster.");
                    return ExitCodes.Failure;
                }
            }
            catch (HttpRequestException failure)
            {
                // A silo restarting does not stop the rebuild; another answer comes.
                await Console.Error.WriteAsync($"\r{url} did not answer ({failure.Message}); asking again");
            }

            await Task.Delay(PollEvery, shutdown);
        }
    }

    private static string Bar(JsonElement line)
    {
        var progress = line.GetProperty("progress") is { ValueKind: JsonValueKind.Number } p ? Math.Clamp(p.GetDouble(), 0, 1) : 0;
        var left = line.TryGetProperty("buildingLag", out var lag) && lag.ValueKind == JsonValueKind.Number ? lag.GetInt64() : (long?)null;
        var rate = line.GetProperty("eventsPerSecond") is { ValueKind: JsonValueKind.Number } r ? r.GetDouble() : (double?)null;
        var done = (int)Math.Round(progress * BarWidth);
        var eta = left is { } l && rate is > 0 ? TimeSpan.FromSeconds(Math.Ceiling(l / rate.Value)).ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture) : "-";
        return string.Create(
            CultureInfo.InvariantCulture,
            $"[{new string('#', done)}{new string('-', BarWidth - done)}] {progress,4:P0}  {(left is { } events ? $"{events} events left" : "events left unknown")}  {(rate is { } perSecond ? $"{perSecond:0} events/s" : "- events/s")}  ETA {eta}   ");
    }

    private static async Task<string> RefusalAsync(HttpResponseMessage response, CancellationToken shutdown)
    {
        if (response.Content.Headers.ContentType?.MediaType == "application/problem+json")
        {
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>(shutdown);
            if (problem.TryGetProperty("detail", out var detail) && detail.GetString() is { } text)
            {
                return $"{(int)response.StatusCode} {text}";
            }
        }

        return ViewsHttpOptions.Refused(response);
    }
}
