using System.Diagnostics;
using System.Net;
using ActorViews.Integration.Tests.Durability;
using ActorViews.Tests.Shared;

namespace ActorViews.Integration.Tests.Http;

/// <summary>
/// <c>actorviews gateway</c> as an operator runs it: its own process, a client of a silo's cluster, serving
/// HTTP at a fixed address so that a restart serves the same one; killed on dispose.
/// </summary>
internal sealed class GatewayProcess : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly Process _process;
    private readonly ProcessOutput _output = new();

    private GatewayProcess(Process process, Uri baseAddress, string apiKey)
    {
        _process = process;
        Http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        Http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
    }

    /// <summary>A client of the gateway's HTTP API sending the API key it was started with.</summary>
    public HttpClient Http { get; }

    /// <summary>Everything the gateway wrote so far, for failure messages.</summary>
    public string Output => _output.Text;

    /// <summary>
    /// Starts <c>actorviews gateway --urls <paramref name="baseAddress"/></c> with <paramref name="settings"/> and
    /// waits until it serves <c>/v1/status</c>; <see cref="Http"/> sends <paramref name="apiKey"/>.
    /// </summary>
    public static async Task<GatewayProcess> StartAsync(Uri baseAddress, IReadOnlyList<string> settings, string apiKey)
    {
        var process = CliRun.StartCli(["gateway", "--urls", baseAddress.ToString(), .. settings]);
        var gateway = new GatewayProcess(process, baseAddress, apiKey);
        gateway._output.Capture(process);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await Deadline.Until(gateway.ServesStatusAsync, StartTimeout, () => $"the gateway should serve GET /v1/status. Gateway output:\n{gateway.Output}");
            return gateway;
        }
        catch
        {
            gateway.Dispose();
            throw;
        }
    }

    /// <summary>Ends the gateway at once (SIGKILL), as a crash would.</summary>
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
            Kill();
        }

        _process.Dispose();
    }

    private async Task<bool> ServesStatusAsync()
    {
        if (_process.HasExited)
        {
            _process.WaitForExit();
            throw new InvalidOperationException($"The gateway exited with code {_process.ExitCode}. Output:\n{Output}");
        }

        try
        {
            using var response = await Http.GetAsync("/v1/status");
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            // Not listening yet: it listens once connected to the cluster.
            return false;
        }
    }
}
