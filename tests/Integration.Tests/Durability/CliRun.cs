using System.Diagnostics;
using ActorViews.Tests.Shared;

namespace ActorViews.Integration.Tests.Durability;

/// <summary>One finished run of the <c>actorviews</c> CLI.</summary>
internal sealed record CliRun(int ExitCode, string Output, string Errors)
{
    /// <summary>Runs <c>actorviews</c> (copied to the test output by the project reference) to completion.</summary>
    public static async Task<CliRun> RunAsync(params string[] args)
    {
        var process = StartCli(args);
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await Deadline.Within(process.WaitForExitAsync(), Deadline.Default, $"'actorviews {string.Join(' ', args)}' to finish");
        return new CliRun(process.ExitCode, await output, await errors);
    }

    /// <summary>Starts <c>actorviews</c> with redirected output; the caller reads and ends it.</summary>
    public static Process StartCli(params string[] args)
    {
        var cli = Path.Combine(AppContext.BaseDirectory, "ActorViews.Cli.dll");
        Assert.True(File.Exists(cli), $"The CLI should be copied next to the tests: {cli} is missing.");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // The test output merges the CLI with the web Silo, whose ASP.NET shared framework stands in for the
        // Microsoft.Extensions assemblies the CLI's own output folder holds; run the CLI on that framework too.
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add("--runtimeconfig");
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ActorViews.Silo.runtimeconfig.json"));
        start.ArgumentList.Add(cli);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return Process.Start(start) ?? throw new InvalidOperationException("Could not start the actorviews CLI.");
    }
}
