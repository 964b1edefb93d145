namespace ActorViews.EmbeddedKafka;

/// <summary>Kafka's rules for topic names, checked here so a bad name fails with a clear message.</summary>
internal static class TopicName
{
    private const int MaxLength = 249;

    /// <summary>Why <paramref name="name"/> is not a legal topic name, or null if it is.</summary>
    public static string? Problem(string name)
    {
        if (name.Length == 0)
        {
            return "A topic name must not be empty.";
        }

        if (name.Length > MaxLength)
        {
            return $"Topic name '{name}' is longer than {MaxLength} characters.";
        }

        if (name is "." or "..")
        {
            return $"Topic name '{name}' is not allowed.";
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
            {
                return $"Topic name '{name}' contains '{c}'; only ASCII letters, digits, '.', '_' and '-' are allowed.";
            }
        }

        return null;
    }
}
