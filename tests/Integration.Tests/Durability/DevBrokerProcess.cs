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

    public static async Task<DevBrokerProcess> StartAsync(string topic, int partitions)
    {
        var directory = Directory.CreateTempSubdirectory("actorviews-broker-").FullName;
        var bootstrapFile = Path.Combine(directory, "bootstrap");
        var process = CliRun.StartCli("dev-broker", "--topic", $"{topic}:{partitions}", "--bootstrap-file", bootstrapFile);
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
