namespace ActorViews.EmbeddedKafka;

/// <summary>Kafka's rules for topic names, checked here so a bad name fails with a clear message.</summary>
internal static class TopicName
{
    private const int MaxLength = 249;

    public static void Validate(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0)
        {
            throw new ArgumentException("A topic name must not be empty.", nameof(name));
        }

        if (name.Length > MaxLength)
        {
            throw new ArgumentException($"Topic name '{name}' is longer than {MaxLength} characters.", nameof(name));
        }

        if (name is "." or "..")
        {
            throw new ArgumentException($"Topic name '{name}' is not allowed.", nameof(name));
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
            {
                throw new ArgumentException(
                    $"Topic name '{name}' contains '{c}'; only ASCII letters, digits, '.', '_' and '-' are allowed.", nameof(name));
            }
        }
    }
}
