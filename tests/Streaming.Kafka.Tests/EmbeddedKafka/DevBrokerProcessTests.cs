using System.Diagnostics;
using System.Text;
using Confluent.Kafka;

using ActorViews.Tests.Shared;

namespace ActorViews.Streaming.Kafka.Tests.EmbeddedKafka;

/// <summary>Runs <c>actorviews dev-broker</c> as a real child process, as a developer would.</summary>
public sealed class DevBrokerProcessTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("dev-broker-");

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public async Task Serves_its_topics_until_SIGTERM_then_exits_cleanly_and_removes_the_bootstrap_file()
    {
        var bootstrapFile = Path.Combine(_directory.FullName, "bootstrap.txt");
        using var cli = CliProcess.Start("dev-broker", "--bootstrap-file", bootstrapFile, "--topic", "t1:3");

        await Deadline.Until(
            () => File.Exists(bootstrapFile) || cli.Process.HasExited,
            Deadline.Default,
            "the bootstrap file to appear");
        if (cli.Process.HasExited)
        {
            Assert.Fail($"dev-broker exited early with {cli.Process.ExitCode}: {cli.Errors}");
        }

        var bootstrapServers = File.ReadAllText(bootstrapFile).Trim();

        using (var admin = KafkaClients.Admin(bootstrapServers))
        {
            var topics = admin.GetMetadata(Deadline.Default).Topics.ToDictionary(t => t.Topic, t => t.Partitions.Count);
            Assert.Equal(new Dictionary<string, int> { ["t1"] = 3, ["t1.dlq"] = 3 }, topics);
        }

        using (var producer = KafkaClients.Producer(bootstrapServers))
        {
            var delivered = await Deadline.Within(
                producer.ProduceAsync("t1", new Message<string, string> { Key = "k", Value = "through the process" }),
                Deadline.Default,
                "a produce to the standalone broker to be delivered");
            Assert.Equal(PersistenceStatus.Persisted, delivered.Status);
        }

        var read = await Task.Run(() => KafkaClients.ConsumeFromBeginning(bootstrapServers, "t1", 3, 1, Deadline.Default));
        Assert.Equal("through the process", Assert.Single(read).Message.Value);

        await cli.SignalAsync("TERM");
        await Deadline.Within(cli.Process.WaitForExitAsync(), Deadline.Default, "dev-broker to exit after SIGTERM");

        Assert.True(cli.Process.ExitCode == 0, $"Expected exit code 0 after SIGTERM, got {cli.Process.ExitCode}: {cli.Errors}");
        Assert.False(File.Exists(bootstrapFile), "The bootstrap file should be deleted on shutdown.");
        Assert.Contains($"bootstrap.servers={bootstrapServers}", cli.Output);
    }

    [Theory]
    [InlineData("--brokers", "none")]
    [InlineData("--topic", "t1")]
    [InlineData("--topic", "bad name:3")]
    [InlineData("--frobnicate", "1")]
    public async Task A_bad_argument_exits_with_code_2_naming_it(string option, string value)
    {
        using var cli = CliProcess.Start("dev-broker", option, value);

        await Deadline.Within(cli.Process.WaitForExitAsync(), Deadline.Default, "dev-broker to reject the arguments");

        Assert.Equal(2, cli.Process.ExitCode);
        var error = Assert.Single(cli.Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(option, error);
        Assert.Contains("'actorviews dev-broker --help'", error);
        Assert.Empty(cli.Output);
    }

    /// <summary>The CLI copied into the test output by the project reference, run through the dotnet host.</summary>
    private sealed class CliProcess : IDisposable
    {
        private readonly StringBuilder _output = new();
        private readonly StringBuilder _errors = new();

        private CliProcess(Process process)
        {
            Process = process;
        }

        public Process Process { get; }

        public string Output
        {
            get
            {
                lock (_output)
                {
                    return _output.ToString();
                }
            }
        }

        public string Errors
        {
            get
            {
                lock (_errors)
                {
                    return _errors.ToString();
                }
            }
        }

        public static CliProcess Start(params string[] args)
        {
            var cliPath = Path.Combine(AppContext.BaseDirectory, "ActorViews.Cli.dll");
            Assert.True(File.Exists(cliPath), $"The CLI should be copied to the test output at {cliPath}.");

            var startInfo = new ProcessStartInfo(DotnetHost())
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            startInfo.ArgumentList.Add(cliPath);
            foreach (var arg in args)
            {
                startInfo.ArgumentList.Add(arg);
            }

            var cli = new CliProcess(new Process { StartInfo = startInfo });
            cli.Process.OutputDataReceived += (_, e) => Append(cli._output, e.Data);
            cli.Process.ErrorDataReceived += (_, e) => Append(cli._errors, e.Data);
            cli.Process.Start();
            cli.Process.BeginOutputReadLine();
            cli.Process.BeginErrorReadLine();
            return cli;
        }

        public async Task SignalAsync(string signal)
        {
            using var kill = Process.Start("/bin/kill", ["-" + signal, Process.Id.ToString()]);
            await kill.WaitForExitAsync();
            Assert.Equal(0, kill.ExitCode);
        }

        public void Dispose()
        {
            if (!Process.HasExited)
            {
                Process.Kill(entireProcessTree: true);
                Process.WaitForExit();
            }

            Process.Dispose();
        }

        // The SDK tells test hosts which dotnet runs them; fall back to the one on PATH.
        private static string DotnetHost() =>
            Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";

        private static void Append(StringBuilder buffer, string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (buffer)
            {
                buffer.AppendLine(line);
            }
        }
    }
}
