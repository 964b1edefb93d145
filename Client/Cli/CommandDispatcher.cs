using System.Runtime.InteropServices;
using System.Text;

namespace ActorViews.Client.Cli;

/// <summary>Selects the command named by the first argument, runs it, and maps errors to exit codes.</summary>
internal sealed class CommandDispatcher(IReadOnlyList<ICliCommand> commands)
{
    public async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0)
        {
            await Console.Error.WriteAsync(Usage());
            return ExitCodes.Usage;
        }

        if (args[0] is "-h" or "--help" or "help")
        {
            return await HelpAsync(args.Skip(1).FirstOrDefault());
        }

        var command = commands.FirstOrDefault(c => c.Name == args[0]);
        if (command is null)
        {
            await Console.Error.WriteLineAsync($"error: unknown command '{args[0]}'.");
            await Console.Error.WriteAsync(Usage());
            return ExitCodes.Usage;
        }

        var commandArgs = args[1..];
        if (commandArgs.Any(a => a is "-h" or "--help"))
        {
            await Console.Out.WriteAsync(command.Usage);
            return ExitCodes.Success;
        }

        using var shutdown = new CancellationTokenSource();
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => RequestShutdown(c, shutdown));
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => RequestShutdown(c, shutdown));
        try
        {
            return await command.RunAsync(commandArgs, shutdown.Token);
        }
        catch (UsageException ex)
        {
            await Console.Error.WriteLineAsync($"error: {ex.Message}");
            await Console.Error.WriteAsync(command.Usage);
            return ExitCodes.Usage;
        }
        catch (Exception ex)
        {
            await Console.Error.WriteLineAsync($"error: {command.Name} failed: {ex.Message}");
            return ExitCodes.Failure;
        }
    }

    // The runtime's default would end the process at once; the command gets to clean up and exit on its own.
    private static void RequestShutdown(PosixSignalContext context, CancellationTokenSource shutdown)
    {
        context.Cancel = true;
        shutdown.Cancel();
    }

    private async Task<int> HelpAsync(string? commandName)
    {
        if (commandName is null)
        {
            await Console.Out.WriteAsync(Usage());
            return ExitCodes.Success;
        }

        var command = commands.FirstOrDefault(c => c.Name == commandName);
        if (command is null)
        {
            await Console.Error.WriteLineAsync($"error: unknown command '{commandName}'.");
            await Console.Error.WriteAsync(Usage());
            return ExitCodes.Usage;
        }

        await Console.Out.WriteAsync(command.Usage);
        return ExitCodes.Success;
    }

    private string Usage()
    {
        var text = new StringBuilder()
            .AppendLine("Usage: actorviews <command> [options]")
            .AppendLine("       actorviews help <command>")
            .AppendLine()
            .AppendLine("Commands:");
        var width = commands.Max(c => c.Name.Length) + 2;
        foreach (var command in commands)
        {
            text.Append("  ").Append(command.Name.PadRight(width)).AppendLine(command.Summary);
        }

        return text
            .AppendLine()
            .AppendLine("Exit codes:")
            .AppendLine($"  {ExitCodes.Success}  success (long-running commands: clean shutdown after SIGINT/SIGTERM)")
            .AppendLine($"  {ExitCodes.Failure}  the command failed")
            .AppendLine($"  {ExitCodes.Usage}  invalid command line (unknown command or option, bad value)")
            .ToString();
    }
}
