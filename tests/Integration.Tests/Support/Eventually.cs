using System.Diagnostics;

namespace ActorViews.Integration.Tests.Support;

/// <summary>Waits for a condition with a deadline, failing with what was expected.</summary>
internal static class Eventually
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>Polls <paramref name="probe"/> until it returns a value or <paramref name="timeout"/> passes.</summary>
    /// <param name="probe">Returns the awaited value, or null while it is not there yet.</param>
    /// <param name="timeout">The deadline.</param>
    /// <param name="expectation">What was expected, for the failure message; called once, on timeout.</param>
    public static async Task<T> GetAsync<T>(Func<Task<T?>> probe, TimeSpan timeout, Func<string> expectation)
        where T : class
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"Not within {timeout.TotalSeconds:0}s: {expectation()}");
            }

            // A poll interval, not synchronization: the loop ends on the condition or the deadline.
            await Task.Delay(PollInterval);
        }
    }
}
