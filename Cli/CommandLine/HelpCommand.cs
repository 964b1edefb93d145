using System.CommandLine;

namespace ActorViews.Cli.CommandLine;

/// <summary><c>actorviews help [COMMAND]</c>: the same help as <c>--help</c>, in the form the docs show.</summary>
internal sealed class HelpCommand : Command
{
    public HelpCommand(RootCommand root)
        : base("help", "Show the help of actorviews, or of one command.")
    {
        var name = new Argument<string?>("command") { Arity = ArgumentArity.ZeroOrOne, HelpName = "command", Description = "the command to explain" };
        name.AcceptOnlyFromAmong([.. root.Subcommands.Select(c => c.Name)]);
        Arguments.Add(name);
        SetAction(parse => root.Parse(parse.GetValue(name) is { } command ? [command, "--help"] : ["--help"]).Invoke(parse.InvocationConfiguration));
    }
}
