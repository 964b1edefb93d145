namespace ActorViews.Tests.Shared;

/// <summary>How to start a <see cref="SiloProcess"/>: which build, where it serves HTTP, and its settings.</summary>
/// <param name="SiloDll">The Silo's built entry assembly (<c>ActorViews.Silo.dll</c>).</param>
/// <param name="BaseAddress">Where the silo serves HTTP (<c>--urls</c>).</param>
/// <param name="Settings">
/// <c>--Key=value</c> arguments, silo and gateway ports included; a later one overrides an earlier one of the
/// same key, as .NET configuration reads a command line.
/// </param>
public sealed record SiloLaunch(string SiloDll, Uri BaseAddress, IReadOnlyList<string> Settings)
{
    /// <summary>The silo built beside the running tests (a test project references the Silo).</summary>
    public static string SiloBesideTests { get; } = Path.Combine(AppContext.BaseDirectory, "ActorViews.Silo.dll");

    /// <summary>The API key <see cref="SiloProcess.Http"/> sends, or null for none.</summary>
    public string? ApiKey { get; init; }

    /// <summary>How long the silo may take until it serves <c>/v1/status</c>.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(90);

    /// <summary>The timeout of each request of <see cref="SiloProcess.Http"/>.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The silo's <c>ASPNETCORE_ENVIRONMENT</c>, or null to inherit this process's.</summary>
    public string? Environment { get; init; }

    /// <summary>
    /// <paramref name="siloDll"/> serving HTTP, silo-to-silo and gateway traffic on free ports, with
    /// <paramref name="settings"/> after the ports (so a setting may override them).
    /// </summary>
    public static SiloLaunch OnFreePorts(string siloDll, IEnumerable<string> settings) => new(
        siloDll,
        new Uri($"http://127.0.0.1:{FreeTcpPort.Next()}"),
        [$"--Orleans:SiloPort={FreeTcpPort.Next()}", $"--Orleans:GatewayPort={FreeTcpPort.Next()}", .. settings]);
}
