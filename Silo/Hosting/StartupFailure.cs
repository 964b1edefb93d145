namespace ActorViews.Silo.Hosting;

/// <summary>
/// What an operator sees when the silo cannot start: one line on standard error saying what is wrong (the
/// setting's key and why, for a bad option) and a non-zero exit code, rather than an unhandled exception's
/// stack trace, which buries the one sentence that matters and reads like a crash.
/// </summary>
internal static class StartupFailure
{
    /// <summary>The exit code of a silo that did not start.</summary>
    public const int ExitCode = 2;

    /// <summary>Writes <paramref name="failure"/> as one line to standard error and returns <see cref="ExitCode"/>.</summary>
    public static int Report(Exception failure)
    {
        Console.Error.WriteLine($"actorviews: the silo did not start: {Describe(failure)}");
        return ExitCode;
    }

    // The outer message names the setting; inner ones say why (a binder's format error, a client's refusal).
    private static string Describe(Exception failure)
    {
        var messages = new List<string>();
        for (Exception? e = failure; e is not null; e = e.InnerException)
        {
            var message = string.Join(' ', e.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            if (!messages.Any(m => m.Contains(message, StringComparison.Ordinal)))
            {
                messages.Add(message);
            }
        }

        return string.Join(" <- ", messages);
    }
}
