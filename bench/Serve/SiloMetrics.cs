using System.Globalization;
using ActorViews.Tests.Shared;

namespace ActorViews.Serve;

/// <summary>What a silo's <c>/metrics</c> says, as the recovery bench samples it.</summary>
internal static class SiloMetrics
{
    /// <summary>
    /// Sum of the Prometheus series <paramref name="metric"/> with <paramref name="label"/> on the silo's
    /// <c>/metrics</c>, or null when it does not answer.
    /// </summary>
    public static async Task<double?> TryMetricSumAsync(this SiloProcess silo, string metric, string label, CancellationToken cancellationToken)
    {
        string text;
        try
        {
            text = await silo.Http.GetStringAsync("/metrics", cancellationToken);
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
}
