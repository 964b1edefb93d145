namespace ActorViews.Gateway.Security;

/// <summary>
/// Recognises API keys that were copied from an example instead of generated: the repository, the docs and
/// anyone who read them know those, so accepting one would leave the gateway as open as no key at all.
/// </summary>
internal static class ApiKeyPlaceholder
{
    /// <summary>The fewest distinct characters a key must use; <c>aaaa...</c> or <c>0000...</c> was typed, not generated.</summary>
    public const int MinimumDistinctCharacters = 8;

    // Compared with the key lower-cased and stripped of everything but letters and digits, so CHANGE-ME, change_me
    // and Change.Me all match. Each is long enough that a random key contains it with negligible probability.
    private static readonly string[] Words = ["changeme", "changeit", "replaceme", "placeholder", "example", "yourkey", "yourapikey", "yoursecret"];

    // Left behind when a template or a shell variable was not expanded (${WRITER_KEY}, $(openssl ...), {{ key }},
    // <writer-key>); none of them occurs in base64 or hex.
    private static readonly string[] TemplateMarks = ["${", "$(", "{{", "<", ">"];

    /// <summary>Why <paramref name="key"/> is a placeholder, or null when it looks generated. Never quotes the key.</summary>
    public static string? Reason(string key)
    {
        var letters = new string([.. key.Where(char.IsAsciiLetterOrDigit).Select(char.ToLowerInvariant)]);
        if (Words.FirstOrDefault(letters.Contains) is { } word)
        {
            return $"it contains the placeholder word '{word}'";
        }

        if (TemplateMarks.FirstOrDefault(key.Contains) is { } mark)
        {
            return $"it contains '{mark}', left by a template or a variable that was not expanded";
        }

        var distinct = key.Distinct().Count();
        return distinct < MinimumDistinctCharacters
            ? $"it uses only {distinct} distinct characters (at least {MinimumDistinctCharacters})"
            : null;
    }
}
