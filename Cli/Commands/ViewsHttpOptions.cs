using System.CommandLine;
using ActorViews.Cli.CommandLine;

namespace ActorViews.Cli.Commands;

/// <summary>The <c>--url</c> and <c>--api-key</c> options of the <c>views</c> commands, and the HTTP client they describe.</summary>
internal sealed class ViewsHttpOptions
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    private readonly Option<Uri> _url = new("--url")
    {
        Description = "the HTTP address of any silo or gateway",
        HelpName = "URL",
        DefaultValueFactory = _ => new Uri("http://127.0.0.1:8080"),
        CustomParser = result => Uri.TryCreate(result.Tokens[^1].Value, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"
            ? url
            : ParseError(result, $"Option '--url' needs an http or https address, not '{result.Tokens[^1].Value}'."),
    };

    private readonly Option<string> _apiKey = CheckedOptions.Text("--api-key", "KEY", "an operator API key, when the cluster's API keys are on");

    /// <summary>Adds both options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(_url);
        command.Options.Add(_apiKey);
    }

    /// <summary>The address given.</summary>
    public Uri Url(ParseResult parse) => parse.GetRequiredValue(_url);

    /// <summary>A client of the address given, sending the API key given.</summary>
    public HttpClient Client(ParseResult parse)
    {
        var http = new HttpClient { BaseAddress = Url(parse), Timeout = Timeout };
        if (parse.GetValue(_apiKey) is { } key)
        {
            http.DefaultRequestHeaders.Add("X-Api-Key", key);
        }

        return http;
    }

    /// <summary>What to say of a refused request: 401 and 403 want an operator key.</summary>
    public static string Refused(HttpResponseMessage response) =>
        $"{(int)response.StatusCode} {response.ReasonPhrase}{(response.StatusCode is System.Net.HttpStatusCode.Unauthorized or System.Net.HttpStatusCode.Forbidden ? "; give an operator key with --api-key" : "")}";

    private static Uri ParseError(System.CommandLine.Parsing.ArgumentResult result, string message)
    {
        result.AddError(message);
        return null!;
    }
}
