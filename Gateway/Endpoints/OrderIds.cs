namespace ActorViews.Gateway.Endpoints;

/// <summary>What an order ID may be.</summary>
internal static class OrderIds
{
    /// <summary>The longest accepted ID, in characters.</summary>
    public const int MaxLength = 256;

    /// <summary>Why <paramref name="id"/> is not a valid order ID, or null when it is.</summary>
    public static string? Problem(string? id) => id switch
    {
        null or "" => "The order ID must not be empty.",
        { Length: > MaxLength } => $"The order ID must be at most {MaxLength} characters; it has {id.Length}.",
        _ when id.Any(char.IsControl) => "The order ID must not contain control characters.",
        _ when !UnicodeText.IsWellFormed(id) => "The order ID must be well-formed Unicode text.",
        _ => null,
    };
}
