using System.Globalization;
using System.Net;

namespace ActorViews.Silo.Hosting;

/// <summary>
/// Reads typed settings at host-build time, so that a bad value stops start-up with a message naming its key
/// instead of surfacing later as an unrelated failure.
/// </summary>
internal static class SettingReader
{
    /// <summary>The value of <paramref name="key"/> when it is set and not blank; otherwise null.</summary>
    public static string? Text(this IConfiguration configuration, string key) =>
        configuration[key] is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    /// <summary>A TCP port (1-65535), or <paramref name="fallback"/> when unset.</summary>
    public static int Port(this IConfiguration configuration, string key, int fallback) =>
        configuration.Integer(key, fallback, minimum: 1, maximum: IPEndPoint.MaxPort);

    /// <summary>A whole number within [<paramref name="minimum"/>, <paramref name="maximum"/>], or <paramref name="fallback"/> when unset.</summary>
    public static int Integer(this IConfiguration configuration, string key, int fallback, int minimum, int maximum = int.MaxValue)
    {
        if (configuration.Text(key) is not { } text)
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= minimum && value <= maximum
            ? value
            : throw Invalid(key, text, $"a whole number from {minimum} to {maximum}");
    }

    /// <summary>A positive duration (<c>hh:mm:ss</c>, e.g. <c>00:00:02</c>), or null when unset.</summary>
    public static TimeSpan? PositiveDuration(this IConfiguration configuration, string key)
    {
        if (configuration.Text(key) is not { } text)
        {
            return null;
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var value) && value > TimeSpan.Zero
            ? value
            : throw Invalid(key, text, "a positive duration such as 00:00:02");
    }

    /// <summary>true or false, or <paramref name="fallback"/> when unset.</summary>
    public static bool Boolean(this IConfiguration configuration, string key, bool fallback)
    {
        if (configuration.Text(key) is not { } text)
        {
            return fallback;
        }

        return bool.TryParse(text, out var value) ? value : throw Invalid(key, text, "true or false");
    }

    /// <summary>An IPv4 or IPv6 address, or null when unset.</summary>
    public static IPAddress? Address(this IConfiguration configuration, string key)
    {
        if (configuration.Text(key) is not { } text)
        {
            return null;
        }

        return IPAddress.TryParse(text, out var address) && !address.Equals(IPAddress.Any) && !address.Equals(IPAddress.IPv6Any)
            ? address
            : throw Invalid(key, text, "the IP address other silos and clients reach this silo at (not 0.0.0.0)");
    }

    /// <summary>A failure naming the key, the value and what it should be.</summary>
    public static InvalidOperationException Invalid(string key, string value, string expected) =>
        new($"Configuration '{key}' must be {expected}; it is '{value}'.");
}
