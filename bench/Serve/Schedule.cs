using System.Diagnostics;

namespace ActorViews.Serve;

/// <summary>Sends at a steady rate against the clock, the way the freshness and workflow benches load a silo.</summary>
internal static class Schedule
{
    /// <summary>
    /// Calls <paramref name="send"/> for 0 to <paramref name="count"/> - 1, the i-th when i / <paramref name="rate"/>
    /// seconds have passed, on a thread of its own.
    /// </summary>
    /// <returns>The seconds from the first call's due time until the last call returned.</returns>
    public static async Task<double> RunAsync(int rate, int count, Action<int> send)
    {
        var interval = (double)Stopwatch.Frequency / rate;
        var start = Stopwatch.GetTimestamp();
        await Task.Run(() =>
        {
            for (var i = 0; i < count; i++)
            {
                // Pace to the schedule, not to the previous send: a late send is followed by catch-up sends. Sleep
                // rather than spin: the silo needs the cores this thread would burn.
                var due = start + (long)(i * interval);
                while (Stopwatch.GetTimestamp() < due)
                {
                    Thread.Sleep(1);
                }

                send(i);
            }
        });
        return Stopwatch.GetElapsedTime(start).TotalSeconds;
    }
}
