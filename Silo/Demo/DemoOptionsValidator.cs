using Microsoft.Extensions.Options;

namespace ActorViews.Silo.Demo;

/// <summary>Rejects demo settings that cannot run, naming the option.</summary>
internal sealed class DemoOptionsValidator : IValidateOptions<DemoOptions>
{
    public ValidateOptionsResult Validate(string? name, DemoOptions options)
    {
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        List<string> failures = [];
        if (!(options.OrdersPerSecond is > 0 and <= 10_000))
        {
            failures.Add($"{DemoOptions.Section}:{nameof(DemoOptions.OrdersPerSecond)} must be in (0, 10000]; it is {options.OrdersPerSecond}.");
        }

        if (options.Orders <= 0)
        {
            failures.Add($"{DemoOptions.Section}:{nameof(DemoOptions.Orders)} must be positive; it is {options.Orders}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
