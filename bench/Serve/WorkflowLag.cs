using System.Globalization;
using System.Text.Json;
using ActorViews.Grains;
using ActorViews.Tests.Shared;

namespace ActorViews.Serve;

/// <summary>
/// How far the silo's consumer group is behind on the workflow's topics (<see cref="Topics.All"/>, so topics the
/// workflow gains are included without touching the bench), as <c>/v1/status</c> reports it.
/// </summary>
/// <param name="Lag">Messages written but not committed by the group, over every partition of every topic.</param>
/// <param name="OrdersWritten">The sum of the <c>orders</c> partitions' high watermarks in this answer.</param>
internal sealed record WorkflowLag(long Lag, long OrdersWritten)
{
    /// <summary>The silo's answer now, or null when it does not answer 200 (busy, or a broker read timed out).</summary>
    public static async Task<WorkflowLag?> TryReadAsync(SiloProcess silo)
    {
        if (await silo.TryStatusAsync() is not { } status)
        {
            return null;
        }

        long lag = 0;
        long orders = 0;
        foreach (var partition in status.GetProperty("partitions").EnumerateArray())
        {
            var topic = partition.GetProperty("topic").GetString();
            if (topic is null || !Topics.All.Contains(topic))
            {
                continue;
            }

            var high = partition.GetProperty("highWatermark").GetInt64();
            var committed = partition.GetProperty("committedOffset") is { ValueKind: JsonValueKind.Number } c ? c.GetInt64() : 0;
            lag += Math.Max(0, high - committed);
            if (topic == Topics.Orders)
            {
                orders += high;
            }
        }

        return new WorkflowLag(lag, orders);
    }

    /// <summary>Waits until every message on the workflow's topics is committed, e.g. before a timed run starts.</summary>
    public static async Task WaitUntilDrainedAsync(SiloProcess silo, TimeSpan timeout)
    {
        WorkflowLag? last = null;
        try
        {
            await silo.WaitUntilAsync(async () => (last = await TryReadAsync(silo)) is { Lag: 0 }, timeout, "the workflow's topics drained");
        }
        catch (TimeoutException missed)
        {
            throw new TimeoutException($"The silo left {last?.Lag.ToString(CultureInfo.InvariantCulture) ?? "an unknown number of"} message(s) of {string.Join(", ", Topics.All)} uncommitted after {timeout.TotalSeconds:0} s.", missed);
        }
    }
}
