using System.CommandLine;
using System.CommandLine.Invocation;

namespace ActorViews.Cli.CommandLine;

/// <summary>
/// The standard help, followed by what a <see cref="DocumentedCommand"/> explains at length, and under the
/// top-level help by the exit codes every command keeps to.
/// </summary>
internal sealed class CliHelpAction(SynchronousCommandLineAction standard) : SynchronousCommandLineAction
{
    public override bool ClearsParseErrors => true;

    public override int Invoke(ParseResult parseResult)
    {
        standard.Invoke(parseResult);
        var output = parseResult.InvocationConfiguration.Output;
        switch (parseResult.CommandResult.Command)
        {
            case DocumentedCommand { Details: { } details }:
                output.WriteLine(details.TrimEnd());
                output.WriteLine();
                break;
            case RootCommand:
                output.Write($"""
                    Exit codes:
                      {ExitCodes.Success}  success (long-running commands: clean shutdown after SIGINT/SIGTERM)
                      {ExitCodes.Failure}  the command failed
                      {ExitCodes.Usage}  invalid command line (unknown command or option, bad value)

                    """);
                break;
        }

        return ExitCodes.Success;
    }
}
