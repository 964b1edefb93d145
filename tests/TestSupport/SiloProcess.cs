using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace ActorViews.Tests.Shared;

/// <summary>
/// The Silo as an operator runs it: <c>dotnet ActorViews.Silo.dll --urls ... --Key=value ...</c> as a child
/// process, whose output is kept for failure messages, killed on dispose. Tests run the silo built beside
/// them; benchmarks run a Release build.
/// </summary>
public sealed class SiloProcess : IDisposable
{
    private readonly Process _process;
    private readonly ProcessOutput _output = new();
    private readonly IReadOnlyList<string> _settings;
    private string? _bootstrapServers;

    private SiloProcess(Process process, SiloLaunch launch)
    {
        _process = process;
        _settings = launch.Settings;
        Http = new HttpClient { BaseAddress = launch.BaseAddress, Timeout = launch.RequestTimeout };
        if (launch.ApiKey is not null)
        {
            Http.DefaultRequestHeaders.Add("X-Api-Key", launch.ApiKey);
        }
    }

    /// <summary>A client for the silo's HTTP API.</summary>
    public HttpClient Http { get; }

    /// <summary>Where the silo serves HTTP.</summary>
    public Uri BaseAddress => Http.BaseAddress!;

    /// <summary>The silo-to-silo port it was started with (its <c>Orleans:SiloPort</c> setting).</summary>
    public int SiloPort => PortSetting("Orleans:SiloPort");

    /// <summary>The port Orleans clients connect to (its <c>Orleans:GatewayPort</c> setting).</summary>
    public int GatewayPort => PortSetting("Orleans:GatewayPort");

    /// <summary>The broker the silo reported on <c>/v1/status</c>.</summary>
    public string BootstrapServers => _bootstrapServers ?? throw new InvalidOperationException("The silo has not reported its broker.");

    /// <summary>What the silo wrote so far (the latest part of a long run), for failure messages.</summary>
    public string Output => _output.Text;

    /// <summary>The silo's process ID.</summary>
    public int ProcessId => _process.Id;

    /// <summary>Whether the silo's process has ended.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>The exit code of an ended silo, null while it runs.</summary>
    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    /// <summary>Starts the silo beside the tests on free ports with <paramref name="settings"/> and waits until it serves <c>/v1/status</c>.</summary>
    public static Task<SiloProcess> StartAsync(params string[] settings) =>
        StartAsync(SiloLaunch.OnFreePorts(SiloLaunch.SiloBesideTests, settings));

    /// <summary>
    /// Starts the silo beside the tests serving HTTP at <paramref name="baseAddress"/> with exactly
    /// <paramref name="settings"/> (silo and gateway ports included), so that it can be started again with the
    /// same configuration; <see cref="Http"/> sends <paramref name="apiKey"/>, if any.
    /// </summary>
    public static Task<SiloProcess> StartAsync(Uri baseAddress, IReadOnlyList<string> settings, string? apiKey = null) =>
        StartAsync(new SiloLaunch(SiloLaunch.SiloBesideTests, baseAddress, settings) { ApiKey = apiKey });

    /// <summary>
    /// Starts the silo <paramref name="launch"/> describes and waits until it serves <c>/v1/status</c>.
    /// Authentication is off unless a setting under <c>Gateway:Auth</c> is given.
    /// </summary>
    /// <exception cref="InvalidOperationException">The build is missing, or the silo exited while starting.</exception>
    /// <exception cref="TimeoutException">The silo did not serve <c>/v1/status</c> within the launch's start timeout.</exception>
    public static async Task<SiloProcess> StartAsync(SiloLaunch launch)
    {
        ArgumentNullException.ThrowIfNull(launch);
        if (!File.Exists(launch.SiloDll))
        {
            throw new InvalidOperationException($"{launch.SiloDll} is missing: build the Silo first (test projects copy it beside them).");
        }

        var process = new Process { StartInfo = StartInfo(launch) };
        var silo = new SiloProcess(process, launch);
        silo._output.Capture(process);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            await silo.WaitUntilAsync(
                async () => (silo._bootstrapServers = (await silo.TryStatusAsync())?.GetProperty("bootstrapServers").GetString()) is not null,
                launch.StartTimeout,
                "the silo should serve GET /v1/status");
            return silo;
        }
        catch
        {
            silo.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Polls <paramref name="condition"/> until it holds. Fails at once when the silo exits, and on timeout;
    /// either failure shows what the silo wrote.
    /// </summary>
    public Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string expectation) =>
        WaitUntilAsync(condition, timeout, () => expectation);

    /// <summary>
    /// Like <see cref="WaitUntilAsync(Func{Task{bool}}, TimeSpan, string)"/>, with the expectation made when the
    /// wait fails, so that it can say what the condition last saw.
    /// </summary>
    public async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, Func<string> expectation)
    {
        ArgumentNullException.ThrowIfNull(condition);
        ArgumentNullException.ThrowIfNull(expectation);
        try
        {
            await Deadline.Until(
                async () =>
                {
                    if (_process.HasExited)
                    {
                        // Without a timeout this also waits until the redirected output is read to its end.
                        _process.WaitForExit();
                        throw new InvalidOperationException($"The silo exited with code {_process.ExitCode} while waiting for: {expectation()}. Silo output:\n{Output}");
                    }

                    return await condition();
                },
                timeout,
                expectation);
        }
        catch (TimeoutException missed)
        {
            throw new TimeoutException($"{missed.Message}. Silo output:\n{Output}", missed);
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

    /// <summary><c>GET /v1/status</c>, or null when it does not answer 200 now (starting, or membership changing).</summary>
    public async Task<JsonElement?> TryStatusAsync()
    {
        try
        {
            using var response = await Http.GetAsync("/v1/status");
            return response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadFromJsonAsync<JsonElement>() : null;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            // Not listening yet, or too busy to answer within the request timeout.
            return null;
        }
    }

    /// <summary>Stops the silo the way an orchestrator does (SIGTERM) and waits until it exited with 0.</summary>
    /// <exception cref="TimeoutException">It did not exit within <paramref name="timeout"/>.</exception>
    /// <exception cref="InvalidOperationException">It exited with another code.</exception>
    public async Task StopAsync(TimeSpan timeout)
    {
        using (var kill = Process.Start("/bin/kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
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

        if (_process.ExitCode != 0)
        {
            throw new InvalidOperationException($"The silo should exit with 0 after SIGTERM, not {_process.ExitCode}. Output:\n{Output}");
        }
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

    private static ProcessStartInfo StartInfo(SiloLaunch launch)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(Path.GetFullPath(launch.SiloDll))!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(launch.SiloDll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(launch.BaseAddress.ToString());
        foreach (var setting in launch.Settings)
        {
            start.ArgumentList.Add(setting);
        }

        // A silo with a broker of its own is in the production profile, where the gateway wants API keys; runs
        // about other things keep it open, tests of security say how they want it.
        if (!launch.Settings.Any(s => s.StartsWith("--Gateway:Auth:", StringComparison.Ordinal)))
        {
            start.ArgumentList.Add("--Gateway:Auth:Mode=Off");
        }

        // Dev mode is chosen by the absence of a broker; nothing from the runner's environment may pick one.
        start.Environment.Remove("Kafka__BootstrapServers");
        start.Environment.Remove("ASPNETCORE_URLS");
        if (launch.Environment is not null)
        {
            start.Environment["ASPNETCORE_ENVIRONMENT"] = launch.Environment;
        }

        return start;
    }

    private int PortSetting(string key)
    {
        var prefix = $"--{key}=";
        var setting = _settings.LastOrDefault(s => s.StartsWith(prefix, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"The silo was started without {prefix}PORT.");
        return int.Parse(setting.AsSpan(prefix.Length), CultureInfo.InvariantCulture);
    }
}
