using System.CommandLine;

namespace ActorViews.Cli.CommandLine;

/// <summary>
/// A command whose help goes on after the options: its description is the one line the list of commands
/// shows, <see cref="Details"/> what only its own help needs.
/// </summary>
internal abstract class DocumentedCommand(string name, string description) : Command(name, description)
{
    /// <summary>Paragraphs shown after the options in the command's own help; null for none.</summary>
    public string? Details { get; init; }
}
