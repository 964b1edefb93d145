using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using System.Runtime.InteropServices;

namespace ActorViews.Cli.CommandLine;

/// <summary>
/// Parses the command line and runs the command it names; every mistake in it is one line on stderr naming
/// the argument and exit code <see cref="ExitCodes.Usage"/>, every failure one line and <see cref="ExitCodes.Failure"/>.
/// </summary>
internal static class CliRunner
{
    // An argument starting with '@' is a value here (a filter, a password), never a response file to expand.
    private static readonly ParserConfiguration Parsing = new() { ResponseFileTokenReplacer = null };

    public static async Task<int> RunAsync(RootCommand root, string[] args)
    {
        // Without a command there is nothing to do but list them; as the root's action it also lets the parser
        // report a misspelt command as unrecognized rather than as a missing one.
        root.SetAction(_ =>
        {
            root.Parse(["--help"], Parsing).Invoke(new InvocationConfiguration { Output = Console.Error });
            return ExitCodes.Usage;
        });
        var parse = root.Parse(args, Parsing);
        var name = root.HelpName ?? root.Name;
        var command = parse.CommandResult.Command == root ? name : $"{name} {parse.CommandResult.Command.Name}";
        var problem = MissingValue(parse) ?? (parse.Errors.Count > 0 && parse.Action is ParseErrorAction ? parse.Errors[0].Message : null);
        if (problem is not null)
        {
            await Console.Error.WriteLineAsync($"error: {problem} ('{command} --help' lists the options)");
            return ExitCodes.Usage;
        }

        using var shutdown = new CancellationTokenSource();
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => RequestShutdown(c, shutdown));
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => RequestShutdown(c, shutdown));

        // The commands handle cancellation and errors themselves: no forced exit after a signal, no stack traces.
        var invocation = new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null };
        try
        {
            return await parse.InvokeAsync(invocation, shutdown.Token);
        }
        catch (UsageException ex)
        {
            await Console.Error.WriteLineAsync($"error: {ex.Message} ('{command} --help' lists the options)");
            return ExitCodes.Usage;
        }
        catch (Exception ex)
        {
            await Console.Error.WriteLineAsync($"error: {parse.CommandResult.Command.Name} failed: {ex.Message}");
            return ExitCodes.Failure;
        }
    }

    // The parser would take the next option as a value ('--bootstrap-servers --topic t'); no value of ours
    // starts with '--', so that is a missing value, and the option that lacks it is the one to name.
    private static string? MissingValue(ParseResult parse) =>
        parse.CommandResult.Children
            .OfType<OptionResult>()
            .Where(option => option.Tokens.Any(token => token.Value.StartsWith("--", StringComparison.Ordinal)))
            .Select(option => $"Option '{option.Option.Name}' needs a value.")
            .FirstOrDefault();

    // The runtime's default would end the process at once; the command gets to clean up and exit on its own.
    private static void RequestShutdown(PosixSignalContext context, CancellationTokenSource shutdown)
    {
        context.Cancel = true;
        shutdown.Cancel();
    }
}
