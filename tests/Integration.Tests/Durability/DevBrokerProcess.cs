using System.Diagnostics;
using ActorViews.Tests.Shared;

namespace ActorViews.Integration.Tests.Durability;

/// <summary>The standalone broker silos share, as <c>actorviews dev-broker</c> runs it; killed on dispose.</summary>
internal sealed class DevBrokerProcess : IDisposable
{
    private readonly Process _process;
    private readonly string _directory;

    private DevBrokerProcess(Process process, string directory, string bootstrapServers)
    {
        _process = process;
        _directory = directory;
        BootstrapServers = bootstrapServers;
    }

    public string BootstrapServers { get; }

    /// <summary>Starts a broker with <paramref name="topics"/> (and their dead-letter topics) of <paramref name="partitions"/> partitions.</summary>
    public static Task<DevBrokerProcess> StartAsync(IEnumerable<string> topics, int partitions) =>
        StartWithArgumentsAsync([.. topics.SelectMany(t => new[] { "--topic", $"{t}:{partitions}" })]);

    /// <summary>Starts a broker as <c>actorviews dev-broker</c> with <paramref name="options"/> (none: its defaults).</summary>
    public static async Task<DevBrokerProcess> StartWithArgumentsAsync(params string[] options)
    {
        var directory = Directory.CreateTempSubdirectory("actorviews-broker-").FullName;
        var bootstrapFile = Path.Combine(directory, "bootstrap");
        string[] arguments = ["dev-broker", .. options, "--bootstrap-file", bootstrapFile];
        var process = CliRun.StartCli(arguments);
        // Drained so the broker never blocks on a full pipe.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await Deadline.Until(() => File.Exists(bootstrapFile) || process.HasExited, Deadline.Default, "the dev broker to write its bootstrap file");
            Assert.False(process.HasExited, $"The dev broker exited with {(process.HasExited ? process.ExitCode : 0)}.");
            return new DevBrokerProcess(process, directory, (await File.ReadAllTextAsync(bootstrapFile)).Trim());
        }
        catch
        {
            process.Kill();
            process.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }

        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
