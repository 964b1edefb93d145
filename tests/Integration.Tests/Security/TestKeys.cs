namespace ActorViews.Integration.Tests.Security;

/// <summary>The API keys the security tests configure, one per role, and how to send them.</summary>
internal static class TestKeys
{
    public const string Writer = "writer-key-for-tests-0001";
    public const string Reader = "reader-key-for-tests-0002";
    public const string Operator = "operator-key-for-tests-0003";

    /// <summary>A writer key of its own, so draining its rate limit leaves <see cref="Writer"/>'s alone.</summary>
    public const string Burst = "burst-key-for-tests-00004";

    /// <summary>The settings that configure every key above.</summary>
    public static readonly string[] Settings =
    [
        $"--Gateway:Auth:ApiKeys:ci:Key={Writer}",
        "--Gateway:Auth:ApiKeys:ci:Roles=writer",
        $"--Gateway:Auth:ApiKeys:dashboards:Key={Reader}",
        "--Gateway:Auth:ApiKeys:dashboards:Roles=reader",
        $"--Gateway:Auth:ApiKeys:ops:Key={Operator}",
        "--Gateway:Auth:ApiKeys:ops:Roles=operator",
        $"--Gateway:Auth:ApiKeys:loadtest:Key={Burst}",
        "--Gateway:Auth:ApiKeys:loadtest:Roles=writer, reader",
    ];

    /// <summary>A request to <paramref name="path"/>, with <paramref name="key"/> in <c>X-Api-Key</c> when given.</summary>
    public static HttpRequestMessage Request(HttpMethod method, string path, string? key, string? json = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key);
        }

        if (json is not null)
        {
            request.Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        }

        return request;
    }

    /// <summary>A valid new order.</summary>
    public static string Order(string id) =>
        $$"""{"id":"{{id}}","customerId":7,"state":"CREATED","product":"JUMPERS","quantity":1,"price":1.5}""";
}
