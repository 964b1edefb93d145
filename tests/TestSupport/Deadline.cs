using System.Diagnostics;

namespace ActorViews.Tests.Shared;

/// <summary>Waits on conditions with a deadline; a miss fails the test with what was expected.</summary>
public static class Deadline
{
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(30);

    public static async Task<T> Within<T>(Task<T> task, TimeSpan timeout, string expectation)
    {
        await Within((Task)task, timeout, expectation);
        return await task;
    }

    public static async Task Within(Task task, TimeSpan timeout, string expectation)
    {
        try
        {
            await task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw Missed(timeout, expectation);
        }
    }

    /// <summary>Polls <paramref name="condition"/> until it holds.</summary>
    public static Task Until(Func<bool> condition, TimeSpan timeout, string expectation) => Until(condition, timeout, () => expectation);

    /// <summary>Polls <paramref name="condition"/> until it holds; on a miss, <paramref name="expectation"/> says what was seen.</summary>
    public static async Task Until(Func<bool> condition, TimeSpan timeout, Func<string> expectation)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > timeout)
            {
                throw Missed(timeout, expectation());
            }

            // A polling interval, not synchronization: the condition is re-checked until the deadline.
            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }
    }

    /// <summary>Polls an asynchronous <paramref name="condition"/> until it holds.</summary>
    public static Task Until(Func<Task<bool>> condition, TimeSpan timeout, string expectation) =>
        Until(condition, timeout, () => expectation);

    /// <summary>Polls an asynchronous <paramref name="condition"/> until it holds; on a miss, <paramref name="expectation"/> says what was seen.</summary>
    public static async Task Until(Func<Task<bool>> condition, TimeSpan timeout, Func<string> expectation)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > timeout)
            {
                throw Missed(timeout, expectation());
            }

            // A polling interval, not synchronization: the condition is re-checked until the deadline.
            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }
    }

    private static TimeoutException Missed(TimeSpan timeout, string expectation) =>
        new($"Expected within {timeout.TotalSeconds:0.#}s: {expectation}");
}
