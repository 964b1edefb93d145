using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace ActorViews.Gateway.Security;

/// <summary>
/// Authenticates a caller by the API key in <c>X-Api-Key</c> or <c>Authorization: ApiKey &lt;key&gt;</c>; answers
/// 401 and 403 as ProblemDetails.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    ApiKeyRing keys,
    IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    /// <summary>The authentication scheme, also the <c>Authorization</c> header's scheme word.</summary>
    public const string SchemeName = "ApiKey";

    /// <summary>The header carrying the key.</summary>
    public const string Header = "X-Api-Key";

    private readonly ILogger _log = loggerFactory.CreateLogger("ActorViews.Gateway.Security");

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? key;
        var headerValues = Request.Headers[Header];
        if (headerValues.Count > 1)
        {
            return Task.FromResult(AuthenticateResult.Fail($"Send one {Header} header."));
        }
        else if (headerValues.Count == 1)
        {
            key = headerValues[0];
        }
        else if (Request.Headers.Authorization.ToString() is { } authorization
            && authorization.StartsWith(SchemeName + " ", StringComparison.OrdinalIgnoreCase))
        {
            key = authorization[(SchemeName.Length + 1)..].Trim();
        }
        else
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (string.IsNullOrEmpty(key) || keys.Find(key) is not { } caller)
        {
            _log.UnknownKey(Context.Connection.RemoteIpAddress?.ToString(), Request.Method, Request.Path);
            return Task.FromResult(AuthenticateResult.Fail("The API key is not valid."));
        }

        var identity = new ClaimsIdentity(SchemeName);
        identity.AddClaim(new Claim(ClaimTypes.Name, caller.Caller));
        identity.AddClaims(caller.Roles.Select(r => new Claim(ClaimTypes.Role, r)));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = $"{SchemeName} header=\"{Header}\"";
        await WriteProblemAsync(
            StatusCodes.Status401Unauthorized,
            "Authentication required",
            result.Failure?.Message ?? $"Send an API key in the {Header} header or as 'Authorization: {SchemeName} <key>'.");
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        var roles = string.Join(",", Context.User.FindAll(ClaimTypes.Role).Select(c => c.Value));
        _log.Forbidden(Context.User.Identity?.Name, roles, Request.Method, Request.Path);
        Response.StatusCode = StatusCodes.Status403Forbidden;
        await WriteProblemAsync(
            StatusCodes.Status403Forbidden,
            "Forbidden",
            $"The API key of '{Context.User.Identity?.Name}' (roles: {roles}) may not do this: writes need the " +
            $"{GatewayRoles.Writer} role, operator endpoints the {GatewayRoles.Operator} role.");
    }

    private async Task WriteProblemAsync(int status, string title, string detail)
    {
        var context = new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        };
        if (!await problems.TryWriteAsync(context))
        {
            await Response.WriteAsync(detail);
        }
    }
}
