using Microsoft.Extensions.Options;

namespace ActorViews.Gateway.Security;

/// <summary>Rejects rate limits that cannot work, naming the option.</summary>
internal sealed class WriteRateLimitOptionsValidator : IValidateOptions<WriteRateLimitOptions>
{
    private static readonly TimeSpan ShortestWindow = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan LongestWindow = TimeSpan.FromHours(1);

    public ValidateOptionsResult Validate(string? name, WriteRateLimitOptions options)
    {
        List<string> failures = [];
        if (options.PermitLimit is < 1 or > 1_000_000)
        {
            failures.Add($"{WriteRateLimitOptions.Section}:{nameof(WriteRateLimitOptions.PermitLimit)} must be from 1 to 1000000; it is {options.PermitLimit}.");
        }

        if (options.Window < ShortestWindow || options.Window > LongestWindow)
        {
            failures.Add($"{WriteRateLimitOptions.Section}:{nameof(WriteRateLimitOptions.Window)} must be from {ShortestWindow} to {LongestWindow}; it is {options.Window}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
