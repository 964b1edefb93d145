namespace ActorViews.Cli.CommandLine;

/// <summary>The process exit codes of <c>actorviews</c>; listed in <c>actorviews --help</c>.</summary>
internal static class ExitCodes
{
    /// <summary>The command did its work (for long-running commands: and shut down cleanly on SIGINT/SIGTERM).</summary>
    public const int Success = 0;

    /// <summary>The command started but failed.</summary>
    public const int Failure = 1;

    /// <summary>The command line was wrong: unknown command or option, missing or malformed value.</summary>
    public const int Usage = 2;
}
