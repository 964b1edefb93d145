using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ActorViews.Tests.Shared;

namespace ActorViews.Integration.Tests.Http;

/// <summary>
/// The Silo as a user runs it: <c>dotnet ActorViews.Silo.dll</c> in dev mode (embedded broker), as a child
/// process on free ports, killed on dispose.
/// </summary>
internal sealed class SiloProcess : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly Process _process;
    private readonly ProcessOutput _output = new();
    private string? _bootstrapServers;

    private SiloProcess(Process process, Uri baseAddress)
    {
        _process = process;
        Http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>A client for the silo's HTTP API.</summary>
    public HttpClient Http { get; }

    /// <summary>The broker the silo reported on <c>/v1/status</c>.</summary>
    public string BootstrapServers => _bootstrapServers ?? throw new InvalidOperationException("The silo has not reported its broker.");

    /// <summary>Everything the silo wrote so far, for failure messages.</summary>
    public string Output => _output.Text;

    /// <summary>The silo's process ID.</summary>
    public int ProcessId => _process.Id;

    /// <summary>Whether the silo's process has ended.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>The exit code of an ended silo, null while it runs.</summary>
    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    /// <summary>Starts the silo with <paramref name="settings"/> as extra <c>--key=value</c> arguments and waits until it serves <c>/v1/status</c>.</summary>
    public static Task<SiloProcess> StartAsync(params string[] settings) => StartAsync(
        new Uri($"http://127.0.0.1:{FreeTcpPort.Next()}"),
        [$"--Orleans:SiloPort={FreeTcpPort.Next()}", $"--Orleans:GatewayPort={FreeTcpPort.Next()}", .. settings]);

    /// <summary>
    /// Starts the silo serving HTTP at <paramref name="baseAddress"/> with exactly <paramref name="settings"/>
    /// (silo and gateway ports included), so that it can be started again with the same configuration.
    /// Authentication is off unless a setting under <c>Gateway:Auth</c> is given; <see cref="Http"/> then sends
    /// <paramref name="apiKey"/>, if any.
    /// </summary>
    public static async Task<SiloProcess> StartAsync(Uri baseAddress, IReadOnlyList<string> settings, string? apiKey = null)
    {
        var siloDll = Path.Combine(AppContext.BaseDirectory, "ActorViews.Silo.dll");
        Assert.True(File.Exists(siloDll), $"The Silo should be copied next to the tests: {siloDll} is missing.");

        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(siloDll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(baseAddress.ToString());
        foreach (var setting in settings)
        {
            start.ArgumentList.Add(setting);
        }

        // A silo with a broker of its own is in the production profile, where the gateway wants API keys; tests
        // of other things run it open, tests of security say how they want it.
        if (!settings.Any(s => s.StartsWith("--Gateway:Auth:", StringComparison.Ordinal)))
        {
            start.ArgumentList.Add("--Gateway:Auth:Mode=Off");
        }

        // Dev mode is chosen by the absence of a broker; nothing from the test runner's environment may pick one.
        start.Environment.Remove("Kafka__BootstrapServers");
        start.Environment.Remove("ASPNETCORE_URLS");

        var process = new Process { StartInfo = start };
        var silo = new SiloProcess(process, baseAddress);
        if (apiKey is not null)
        {
            silo.Http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        }

        silo._output.Capture(process);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            await silo.WaitUntilAsync(
                async () => (silo._bootstrapServers = await silo.TryGetBootstrapServersAsync()) is not null,
                StartTimeout,
                "the silo should serve GET /v1/status");
            return silo;
        }
        catch
        {
            silo.Dispose();
            throw;
        }
    }

    /// <summary>Polls <paramref name="condition"/> until it holds; on timeout the failure shows what the silo wrote.</summary>
    public async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string expectation)
    {
        try
        {
            await Deadline.Until(condition, timeout, expectation);
        }
        catch (TimeoutException missed)
        {
            throw new TimeoutException($"{missed.Message} (silo exited: {_process.HasExited}). Silo output:\n{Output}", missed);
        }
    }

    /// <summary>Waits until <c>GET <paramref name="path"/></c> answers 200 and returns its JSON body.</summary>
    public async Task<JsonDocument> GetWhenPresentAsync(string path, TimeSpan timeout, string expectation)
    {
        string? body = null;
        await WaitUntilAsync(
            async () =>
            {
                using var response = await Http.GetAsync(path);
                body = response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadAsStringAsync() : null;
                return body is not null;
            },
            timeout,
            expectation);
        return JsonDocument.Parse(body!);
    }

    /// <summary>Stops the silo the way an orchestrator does (SIGTERM) and waits until it exited cleanly.</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        using (var kill = Process.Start("/bin/kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        try
        {
            await _process.WaitForExitAsync().WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"The silo did not exit within {timeout} of SIGTERM. Silo output:\n{Output}");
        }

        Assert.True(_process.ExitCode == 0, $"The silo should exit with 0 after SIGTERM, not {_process.ExitCode}. Output:\n{Output}");
    }

    /// <summary>Ends the silo at once (SIGKILL), as a crash would: no shutdown, no final commits.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(TimeSpan.FromSeconds(10));
        }

        _process.Dispose();
    }

    private async Task<string?> TryGetBootstrapServersAsync()
    {
        if (_process.HasExited)
        {
            // Without a timeout this also waits until the redirected output is read to its end.
            _process.WaitForExit();
            throw new InvalidOperationException($"The silo exited with code {_process.ExitCode}. Output:\n{Output}");
        }

        try
        {
            using var response = await Http.GetAsync("/v1/status");
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return null;
            }

            var status = await response.Content.ReadFromJsonAsync<JsonElement>();
            return status.GetProperty("bootstrapServers").GetString();
        }
        catch (HttpRequestException)
        {
            // Not listening yet.
            return null;
        }
    }
}
