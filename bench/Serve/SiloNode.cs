using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ActorViews.Tests.Shared;

namespace ActorViews.Serve;

/// <summary>
/// One silo as an operator runs it (<c>dotnet ActorViews.Silo.dll --urls ... --Orleans:SiloPort=...</c>), a
/// child process on free ports whose output is kept for error messages.
/// </summary>
internal sealed class SiloNode : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private SiloNode(Process process, Uri baseAddress, int siloPort, int gatewayPort)
    {
        _process = process;
        BaseAddress = baseAddress;
        SiloPort = siloPort;
        GatewayPort = gatewayPort;
        Http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(10) };
    }

    public Uri BaseAddress { get; }

    public int SiloPort { get; }

    public int GatewayPort { get; }

    public HttpClient Http { get; }

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

    /// <summary>Starts the silo with <paramref name="settings"/> (<c>--Key=value</c>) and waits until it serves <c>/v1/status</c>.</summary>
    public static async Task<SiloNode> StartAsync(string siloDll, IEnumerable<string> settings)
    {
        if (!File.Exists(siloDll))
        {
            throw new InvalidOperationException($"{siloDll} is missing: build the Silo in Release (bench/serve does).");
        }

        var baseAddress = new Uri($"http://127.0.0.1:{FreeTcpPort.Next()}");
        int siloPort = FreeTcpPort.Next(), gatewayPort = FreeTcpPort.Next();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(siloDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(siloDll);
        foreach (var argument in (string[])[
            "--urls", baseAddress.ToString(),
            $"--Orleans:SiloPort={siloPort}",
            $"--Orleans:GatewayPort={gatewayPort}",
            "--Demo:Enabled=false",

            // Reads are open in the production profile anyway; this also opens /metrics, which recovery polls.
            "--Gateway:Auth:Mode=Off",
            .. settings])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Remove("ASPNETCORE_URLS");
        start.Environment.Remove("Kafka__BootstrapServers");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";

        var process = new Process { StartInfo = start };
        var node = new SiloNode(process, baseAddress, siloPort, gatewayPort);
        process.OutputDataReceived += (_, e) => node.Append(e.Data);
        process.ErrorDataReceived += (_, e) => node.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await node.WaitUntilAsync(async () => await node.TryStatusAsync() is not null, StartTimeout, "the silo to serve GET /v1/status");
            return node;
        }
        catch
        {
            node.Dispose();
            throw;
        }
    }

    /// <summary>Polls <paramref name="condition"/> every 50 ms until it holds; on timeout the error shows the silo's output.</summary>
    public async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string expectation)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The silo exited with code {_process.ExitCode} while waiting for {expectation}. Output:\n{Tail()}");
            }

            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"Expected {expectation} within {timeout.TotalSeconds:0} s. Silo output:\n{Tail()}");
            }

            await Task.Delay(50);
        }
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
            return null;
        }
    }

    /// <summary>
    /// Sum of the Prometheus series <paramref name="metric"/> with <paramref name="label"/> on this silo's
    /// <c>/metrics</c>, or null when it does not answer.
    /// </summary>
    public async Task<double?> TryMetricSumAsync(string metric, string label, CancellationToken cancellationToken)
    {
        string text;
        try
        {
            text = await Http.GetStringAsync("/metrics", cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return null;
        }

        double sum = 0;
        foreach (var line in text.AsSpan().EnumerateLines())
        {
            if (line.StartsWith(metric) && line.Length > metric.Length && line[metric.Length] is '{' or ' ' && line.Contains(label, StringComparison.Ordinal))
            {
                var space = line.LastIndexOf(' ');
                sum += double.Parse(line[(space + 1)..], CultureInfo.InvariantCulture);
            }
        }

        return sum;
    }

    /// <summary>Ends the silo at once (SIGKILL), as a crash would.</summary>
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

    private string Tail()
    {
        var output = Output;
        return output.Length > 4000 ? output[^4000..] : output;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            // Keep memory bounded over long runs; the tail is what explains a failure.
            if (_output.Length > 200_000)
            {
                _output.Remove(0, 100_000);
            }

            _output.AppendLine(line);
        }
    }
}
