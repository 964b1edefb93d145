namespace ActorViews.Cli.CommandLine;

/// <summary>The command line is invalid; the message names the offending argument.</summary>
internal sealed class UsageException(string message) : Exception(message);
