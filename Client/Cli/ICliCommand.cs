namespace ActorViews.Client.Cli;

/// <summary>One <c>actorviews &lt;command&gt;</c>. Add a file under Commands/ and register it in Program.cs.</summary>
internal interface ICliCommand
{
    /// <summary>The word that selects the command, e.g. <c>dev-broker</c>.</summary>
    string Name { get; }

    /// <summary>One line for the command list in <c>actorviews --help</c>.</summary>
    string Summary { get; }

    /// <summary>The command's full usage text (synopsis and options).</summary>
    string Usage { get; }

    /// <summary>Runs the command with the arguments after its name.</summary>
    /// <param name="args">The arguments following the command name.</param>
    /// <param name="shutdown">Cancelled on SIGINT or SIGTERM.</param>
    /// <returns>The process exit code, one of <see cref="ExitCodes"/>.</returns>
    /// <exception cref="UsageException">The arguments are invalid.</exception>
    Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken shutdown);
}
