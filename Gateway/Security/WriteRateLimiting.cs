using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace ActorViews.Gateway.Security;

/// <summary>The fixed-window limit on writes, one window per caller.</summary>
internal static class WriteRateLimiting
{
    /// <summary>The rate limiter policy writes carry.</summary>
    public const string Policy = "gateway-writes";

    /// <summary>Adds the policy and the 429 answer: ProblemDetails with <c>Retry-After</c> in whole seconds.</summary>
    public static IServiceCollection AddWriteRateLimiting(this IServiceCollection services) => services.AddRateLimiter(limiter =>
    {
        limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        limiter.AddPolicy(Policy, http =>
        {
            var options = http.RequestServices.GetRequiredService<IOptions<WriteRateLimitOptions>>().Value;
            return RateLimitPartition.GetFixedWindowLimiter(Partition(http), _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = options.PermitLimit,
                Window = options.Window,
                QueueLimit = 0,
            });
        });
        limiter.OnRejected = OnRejectedAsync;
    });

    // The key's caller name when the request carried a valid key, so one busy client cannot starve the others
    // behind the same address; else the client's address.
    private static string Partition(HttpContext http) => http.User.Identity is { IsAuthenticated: true, Name: { } caller }
        ? $"key:{caller}"
        : $"ip:{http.Connection.RemoteIpAddress}";

    private static async ValueTask OnRejectedAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var http = rejected.HttpContext;
        var window = http.RequestServices.GetRequiredService<IOptions<WriteRateLimitOptions>>().Value.Window;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : window;
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("ActorViews.Gateway.Security").RateLimited(Partition(http));

        var problems = http.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails =
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many writes",
                Detail = $"Retry after {seconds} s.",
            },
        });
    }
}
