using System.Text.Json;
using ActorViews.Gateway.Endpoints;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace ActorViews.Integration.Tests.Http;

/// <summary>
/// A read whose grain lived on a silo that is gone: 503 with Retry-After, never a 500. (A kill shows it only in
/// the seconds before membership reacts, too briefly to rely on; WorkflowKillTests accepts 503 and nothing else.)
/// </summary>
public sealed class ClusterChangeHandlerTests
{
    [Fact]
    public async Task A_call_to_a_silo_that_is_gone_answers_503_with_retry_after_as_problem_details()
    {
        var (handler, http, body) = Create();

        var handled = await handler.TryHandleAsync(http, new SiloUnavailableException("the silo is dead"), CancellationToken.None);

        Assert.True(handled);
        Assert.Equal(StatusCodes.Status503ServiceUnavailable, http.Response.StatusCode);
        Assert.Equal("1", http.Response.Headers.RetryAfter.ToString());
        body.Position = 0;
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal(503, problem.GetProperty("status").GetInt32());
        Assert.Equal("The view is moving between silos", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Any_other_failure_is_left_to_the_default_answer()
    {
        var (handler, http, _) = Create();

        Assert.False(await handler.TryHandleAsync(http, new InvalidOperationException("a bug"), CancellationToken.None));
        Assert.Equal(StatusCodes.Status200OK, http.Response.StatusCode);
    }

    private static (ClusterChangeHandler Handler, HttpContext Http, MemoryStream Body) Create()
    {
        var services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();
        var body = new MemoryStream();
        var http = new DefaultHttpContext { RequestServices = services };
        http.Response.Body = body;
        http.Request.Headers.Accept = "application/json";
        return (new ClusterChangeHandler(services.GetRequiredService<IProblemDetailsService>()), http, body);
    }
}
