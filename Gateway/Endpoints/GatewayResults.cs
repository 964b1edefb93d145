using ActorViews.Grains;
using ActorViews.Streaming.Kafka;

namespace ActorViews.Gateway.Endpoints;

/// <summary>The gateway's answers that several endpoints share.</summary>
internal static class GatewayResults
{
    /// <summary>
    /// Reads a view: at once (404 when it has nothing) when <paramref name="wait"/> is null, else by long-poll
    /// (504 with <paramref name="timedOut"/>'s detail when the wait ends unsatisfied).
    /// </summary>
    public static async Task<IResult> ReadViewAsync<T>(
        WaitRequest? wait,
        Func<Task<T?>> get,
        Func<WaitRequest, Task<ViewWaitResult<T>>> waitFor,
        Func<IResult> notFound,
        Func<WaitRequest, T?, string> timedOut)
        where T : class
    {
        if (wait is null)
        {
            return await get() is { } snapshot ? TypedResults.Ok(snapshot) : notFound();
        }

        ViewWaitResult<T> result;
        using (GatewayMetrics.TrackWaiter())
        {
            result = await waitFor(wait);
        }

        return result.Satisfied ? TypedResults.Ok(result.Snapshot) : TimedOut(timedOut(wait, result.Snapshot));
    }

    public static IResult NotFound(string what, string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: $"{what} not found", detail: detail);

    public static IResult TimedOut(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status504GatewayTimeout, title: "Timed out waiting for the view", detail: detail);

    public static IResult Unavailable(string topic) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status503ServiceUnavailable,
            title: "The log is unavailable",
            detail: $"The event could not be written to '{topic}'; try again.");

    /// <summary>201 with the written position in the body and the <c>X-Position</c> header.</summary>
    public static IResult Written(HttpContext http, string location, KafkaPosition position, int status = StatusCodes.Status201Created)
    {
        var receipt = new WriteReceipt(PositionToken.Encode(position), position.Topic, position.Partition, position.Offset);
        http.Response.Headers[PositionToken.Header] = receipt.Position;
        http.Response.Headers.Location = location;
        return status == StatusCodes.Status201Created ? TypedResults.Created(location, receipt) : TypedResults.Ok(receipt);
    }
}
