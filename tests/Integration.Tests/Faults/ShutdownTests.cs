using System.Diagnostics;
using System.Globalization;
using ActorViews.Integration.Tests.Durability;
using ActorViews.Tests.Shared;
using Xunit.Abstractions;

namespace ActorViews.Integration.Tests.Faults;

/// <summary>
/// Silos whose broker and database are both gone still exit within their shutdown timeout of SIGTERM: an
/// orchestrator's stop must never hang on a dependency.
/// </summary>
[Collection(DurabilityCollection.Name)]
public sealed class ShutdownTests(ITestOutputHelper output)
{
    // The silo's documented default (Silo:ShutdownTimeout).
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Silos_without_broker_and_database_exit_within_the_shutdown_timeout_of_SIGTERM()
    {
        await using var postgres = await PostgresServer.StartNewAsync();
        var broker = BrokerInTestProcess.Start();
        using var cluster = DurableCluster.Create(broker, postgres.ConnectionString, silos: 2);
        using var stop = new CancellationTokenSource();
        var (_, producing) = await MidIngest.StartAsync(cluster, silos: 2, stop.Token);

        broker.SetAllBrokersDown();
        await postgres.StopAsync();
        await stop.CancelAsync();
        var timeline = new FaultTimeline("dependencies-gone", output);
        timeline.Mark("broker and database gone");

        SiloProcess[] silos = [cluster[0], cluster[1]];
        var clock = Stopwatch.StartNew();
        foreach (var silo in silos)
        {
            using var kill = Process.Start("/bin/kill", ["-TERM", silo.ProcessId.ToString(CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync();
        }

        await Deadline.Until(
            () => silos.All(s => s.HasExited),
            ShutdownTimeout,
            () => $"both silos to exit within {ShutdownTimeout.TotalSeconds:0}s of SIGTERM with broker and database gone; " +
                $"running after {clock.Elapsed.TotalSeconds:0.0}s: {string.Join(", ", Enumerable.Range(0, 2).Where(i => !silos[i].HasExited))}. " +
                $"Output of silo 0:\n{silos[0].Output}");
        timeline.Mark("silos exited");
        timeline.Note($"exit codes {string.Join(", ", silos.Select(s => s.ExitCode))} after {clock.Elapsed.TotalSeconds:0.0}s");
        foreach (var silo in silos)
        {
            // A clean stop exits 0; one that ran out of time exits 3 and says so, never silently.
            Assert.True(
                silo.ExitCode == 0 || (silo.ExitCode == 3 && silo.Output.Contains("The silo did not stop within 00:00:30 (Silo:ShutdownTimeout)", StringComparison.Ordinal)),
                $"A silo exited with {silo.ExitCode}. Output:\n{silo.Output}");
            output.WriteLine(string.Join('\n', silo.Output.Split('\n').Where(l => l.Contains("stage", StringComparison.Ordinal) || l.Contains("shut", StringComparison.OrdinalIgnoreCase) || l.Contains("stop", StringComparison.OrdinalIgnoreCase))));
        }

        await producing.ContinueWith(_ => { }, TaskScheduler.Default);
    }
}
