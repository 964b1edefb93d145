using Microsoft.AspNetCore.Diagnostics;

namespace ActorViews.Gateway.Endpoints;

/// <summary>
/// Answers 503 with <c>Retry-After</c> when a grain call is rejected because the silo holding the grain is gone
/// (killed, or leaving): until membership declares it dead and the grain activates elsewhere, which takes
/// seconds, calls to it fail. The cluster is healing, not the request at fault, so the caller is told to retry.
/// </summary>
internal sealed class ClusterChangeHandler(IProblemDetailsService problems) : IExceptionHandler
{
    private const string RetryAfterSeconds = "1";

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not OrleansMessageRejectionException)
        {
            return false;
        }

        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = RetryAfterSeconds;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "The view is moving between silos",
                Detail = "The silo that held it is unavailable; try again shortly.",
            },
        }).ConfigureAwait(false);
    }
}
