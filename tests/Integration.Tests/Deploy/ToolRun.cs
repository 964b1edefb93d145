using System.Diagnostics;
using ActorViews.Tests.Shared;

namespace ActorViews.Integration.Tests.Deploy;

/// <summary>One finished run of a command-line tool (yamllint, kubectl, docker-compose, a script of deploy/).</summary>
internal sealed record ToolRun(string Command, int ExitCode, string Output, string Errors)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>What the run printed, for failure messages.</summary>
    public string Printed => $"'{Command}' exited with {ExitCode}.\nstdout:\n{Output}\nstderr:\n{Errors}";

    /// <summary>
    /// Runs <paramref name="tool"/> in the repository root with <paramref name="input"/> on its standard input.
    /// kubectl is given an empty kubeconfig, so that nothing it does can reach a cluster the machine knows.
    /// </summary>
    public static async Task<ToolRun> RunAsync(string tool, IEnumerable<string> args, string? input = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(tool)
        {
            WorkingDirectory = RepositoryFiles.Root,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["KUBECONFIG"] = EmptyKubeconfig.Value;
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var command = $"{tool} {string.Join(' ', start.ArgumentList)}";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start '{command}'.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(input ?? "");
        process.StandardInput.Close();
        try
        {
            await Deadline.Within(process.WaitForExitAsync(), Timeout, $"'{command}' to finish");
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new ToolRun(command, process.ExitCode, await output, await errors);
    }

    private static readonly Lazy<string> EmptyKubeconfig = new(() =>
    {
        var path = Path.Combine(Path.GetTempPath(), $"actorviews-empty-kubeconfig-{Environment.ProcessId}");
        File.WriteAllText(path, "");
        return path;
    });
}
