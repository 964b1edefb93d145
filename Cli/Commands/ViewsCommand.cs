using System.CommandLine;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ActorViews.Cli.CommandLine;

namespace ActorViews.Cli.Commands;

/// <summary>
/// <c>actorviews views list</c>: the views of a cluster, read from <c>GET /v1/views</c> of any silo or gateway;
/// <c>actorviews views rebuild</c> (<see cref="ViewRebuildCommand"/>).
/// </summary>
internal sealed class ViewsCommand : Command
{
    public ViewsCommand()
        : base("views", "List the cluster's views with their status and lag, or rebuild one (via a silo's or gateway's HTTP API).")
    {
        Subcommands.Add(new ListCommand());
        Subcommands.Add(new ViewRebuildCommand());
    }

    private sealed class ListCommand : DocumentedCommand
    {
        private readonly ViewsHttpOptions _http = new();

        public ListCommand()
            : base("list", "Print every view: name, version, status (live or building), lag, whether its history is whole and, while building, progress and events/s.")
        {
            Details = """
                Lag is the events written to the view's topics that it has not applied, summed over partitions.
                HISTORY is "truncated" when a partition of the view's topics no longer starts at offset 0 (retention
                deleted its head): a new view or a rebuild cannot see those events. Each warning follows the table.
                Exits with 1 when the address does not answer or refuses the request (401/403: give --api-key).
                """;
            _http.AddTo(this);
            SetAction(RunAsync);
        }

        private async Task<int> RunAsync(ParseResult parse, CancellationToken shutdown)
        {
            var url = _http.Url(parse);
            using var http = _http.Client(parse);

            JsonElement body;
            try
            {
                using var response = await http.GetAsync(new Uri("/v1/views", UriKind.Relative), shutdown);
                if (!response.IsSuccessStatusCode)
                {
                    await Console.Error.WriteLineAsync($"views list: {url} answered {ViewsHttpOptions.Refused(response)}.");
                    return ExitCodes.Failure;
                }

                body = await response.Content.ReadFromJsonAsync<JsonElement>(shutdown);
            }
            catch (HttpRequestException failure)
            {
                await Console.Error.WriteLineAsync($"views list: {url} did not answer: {failure.Message}");
                return ExitCodes.Failure;
            }

            var views = body.GetProperty("views");
            await Console.Out.WriteAsync(Table(views));
            foreach (var (name, warning) in Warnings(views))
            {
                await Console.Out.WriteLineAsync($"warning: {name}: {warning}");
            }

            return ExitCodes.Success;
        }

        private static string Table(JsonElement views)
        {
            string[] header = ["NAME", "VERSION", "STATUS", "LAG", "HISTORY", "PROGRESS", "EVENTS/S"];
            var rows = views.EnumerateArray().Select(view => new[]
            {
                view.GetProperty("name").GetString() ?? "",
                view.GetProperty("version").GetInt32().ToString(CultureInfo.InvariantCulture),
                view.GetProperty("status").GetString() ?? "",
                view.GetProperty("lag").GetInt64().ToString(CultureInfo.InvariantCulture),
                view.TryGetProperty("truncatedHead", out var truncated) && truncated.ValueKind == JsonValueKind.True ? "truncated" : "whole",
                view.GetProperty("progress") is { ValueKind: JsonValueKind.Number } progress ? progress.GetDouble().ToString("P0", CultureInfo.InvariantCulture) : "-",
                view.GetProperty("eventsPerSecond") is { ValueKind: JsonValueKind.Number } rate ? rate.GetDouble().ToString("0", CultureInfo.InvariantCulture) : "-",
            }).Prepend(header).ToList();
            var widths = Enumerable.Range(0, header.Length).Select(column => rows.Max(row => row[column].Length)).ToArray();
            var table = new StringBuilder();
            foreach (var row in rows)
            {
                table.AppendLine(string.Join("  ", row.Select((cell, column) => cell.PadRight(widths[column]))).TrimEnd());
            }

            return table.ToString();
        }

        private static IEnumerable<(string View, string Warning)> Warnings(JsonElement views) =>
            from view in views.EnumerateArray()
            where view.TryGetProperty("warnings", out var warnings) && warnings.ValueKind == JsonValueKind.Array
            from warning in view.GetProperty("warnings").EnumerateArray()
            select (view.GetProperty("name").GetString() ?? "", warning.GetString() ?? "");
    }
}
