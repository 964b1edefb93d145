using Microsoft.Extensions.Options;

namespace ActorViews.Gateway.Security;

/// <summary>Rejects gateway authentication settings that would leave it open or unusable, naming the option.</summary>
internal sealed class GatewayAuthOptionsValidator : IValidateOptions<GatewayAuthOptions>
{
    public ValidateOptionsResult Validate(string? name, GatewayAuthOptions options)
    {
        if (options.Mode == GatewayAuthMode.Off)
        {
            return ValidateOptionsResult.Success;
        }

        const string Keys = $"{GatewayAuthOptions.Section}:{nameof(GatewayAuthOptions.ApiKeys)}";
        if (options.ApiKeys.Count == 0)
        {
            return ValidateOptionsResult.Fail(
                $"{Keys} must hold at least one key ({Keys}:<name>:Key and {Keys}:<name>:Roles) because " +
                $"{GatewayAuthOptions.Section}:{nameof(GatewayAuthOptions.Mode)} is {options.Mode} (the default when " +
                $"Kafka:BootstrapServers is set); or set {GatewayAuthOptions.Section}:{nameof(GatewayAuthOptions.Mode)}=Off to leave the gateway open.");
        }

        List<string> failures = [];
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (caller, key) in options.ApiKeys)
        {
            // Messages name the option and the caller, never the key itself.
            var prefix = $"{Keys}:{caller}";
            if (key.Key.Length < GatewayAuthOptions.MinimumKeyLength)
            {
                failures.Add($"{prefix}:Key must have at least {GatewayAuthOptions.MinimumKeyLength} characters; it has {key.Key.Length}.");
            }
            else if (ApiKeyPlaceholder.Reason(key.Key) is { } placeholder)
            {
                failures.Add($"{prefix}:Key is a placeholder ({placeholder}); generate one, e.g. with 'openssl rand -base64 32'.");
            }
            else if (!seen.TryAdd(key.Key, caller))
            {
                failures.Add($"{prefix}:Key is the same as {Keys}:{seen[key.Key]}:Key; give each caller its own key.");
            }

            var roles = key.RoleList;
            if (roles.Length == 0)
            {
                failures.Add($"{prefix}:Roles must name at least one of {string.Join(", ", GatewayRoles.All)}.");
            }

            foreach (var role in roles.Where(r => !GatewayRoles.All.Contains(r)))
            {
                failures.Add($"{prefix}:Roles has '{role}'; roles are {string.Join(", ", GatewayRoles.All)}.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
