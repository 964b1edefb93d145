using System.Diagnostics;
using ActorViews.Client;

namespace ActorViews.Serve;

/// <summary>Point reads of order views through the Orleans client: each caller awaits one read before the next.</summary>
internal static class OrderReads
{
    /// <summary>Runs <paramref name="callers"/> callers until each is told to stop; returns every read's latency.</summary>
    /// <param name="client">The client.</param>
    /// <param name="callers">Callers reading side by side.</param>
    /// <param name="seed">Seeds each caller's random source (with its number).</param>
    /// <param name="next">For a caller's random source and how many it has read, the index of the order to read next, or null to stop.</param>
    public static async Task<Latencies> RunAsync(ActorViewsClient client, int callers, int seed, Func<Random, int, int?> next)
    {
        var all = new Latencies();
        await Task.WhenAll(Enumerable.Range(0, callers).Select(caller => Task.Run(async () =>
        {
            var random = new Random((seed * 1000) + caller);
            var mine = new Latencies();
            for (var i = 0; next(random, i) is { } index; i++)
            {
                var id = OrderLog.OrderId(index);
                var start = Stopwatch.GetTimestamp();
                var snapshot = await client.GetOrderAsync(id);
                mine.Record(Stopwatch.GetTimestamp() - start);
                if (snapshot is null)
                {
                    throw new InvalidOperationException($"Order {id} was applied but its view reads empty.");
                }
            }

            all.Add(mine);
        })));
        return all;
    }
}
