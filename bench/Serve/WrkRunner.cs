using System.Diagnostics;
using System.Globalization;

namespace ActorViews.Serve;

/// <summary>
/// Runs <c>wrk</c> (Debian package <c>wrk</c>) against <c>GET /v1/orders/{id}</c>, spreading requests over the
/// ingested orders with a Lua script that also prints exact percentiles and error counts for parsing.
/// </summary>
internal sealed class WrkRunner(Uri baseAddress, int orders)
{
    // Each wrk thread has its own Lua state; setup hands each a different seed so they do not walk the same ids.
    private const string Script = """
        local seeds = 0
        function setup(thread)
          seeds = seeds + 1
          thread:set("seed", seeds)
        end
        function init(args)
          math.randomseed(seed * 7919)
        end
        function request()
          return wrk.format("GET", "/v1/orders/o-" .. math.random(0, ORDERS - 1))
        end
        function done(summary, latency, requests)
          local e = summary.errors
          io.write(string.format("RESULT requests=%d errors=%d non2xx=%d p50us=%d p99us=%d p999us=%d\n",
            summary.requests, e.connect + e.read + e.write + e.timeout, e.status,
            latency:percentile(50), latency:percentile(99), latency:percentile(99.9)))
        end
        """;

    public sealed record Result(double RequestsPerSecond, double P50, double P99, double P999);

    public async Task<Result> RunAsync(int threads, int connections, int seconds)
    {
        var script = Path.Combine(Path.GetTempPath(), $"serve-wrk-{Environment.ProcessId}.lua");
        await File.WriteAllTextAsync(script, Script.Replace("ORDERS", orders.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));
        var start = new ProcessStartInfo("wrk") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in (string[])["-t", $"{threads}", "-c", $"{connections}", "-d", $"{seconds}s", "--latency", "-s", script, baseAddress.ToString()])
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("wrk is not installed: scripts/install-deps (or apt-get install wrk).", ex);
        }

        using (process)
        {
            var output = await process.StandardOutput.ReadToEndAsync();
            var errors = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            File.Delete(script);
            var result = output.Split('\n').FirstOrDefault(l => l.StartsWith("RESULT ", StringComparison.Ordinal))
                ?? throw new InvalidOperationException($"wrk printed no result (exit {process.ExitCode}):\n{output}\n{errors}");
            var fields = result[7..].Split(' ').Select(f => f.Split('=')).ToDictionary(f => f[0], f => long.Parse(f[1], CultureInfo.InvariantCulture));
            if (fields["errors"] > 0 || fields["non2xx"] > 0)
            {
                throw new InvalidOperationException($"wrk saw {fields["errors"]} socket errors and {fields["non2xx"]} non-2xx answers:\n{output}");
            }

            var rate = output.Split('\n').First(l => l.StartsWith("Requests/sec:", StringComparison.Ordinal));
            return new Result(
                double.Parse(rate["Requests/sec:".Length..].Trim(), CultureInfo.InvariantCulture),
                fields["p50us"] / 1000.0,
                fields["p99us"] / 1000.0,
                fields["p999us"] / 1000.0);
        }
    }
}
