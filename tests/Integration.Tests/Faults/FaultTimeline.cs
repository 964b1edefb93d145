using System.Diagnostics;
using Xunit.Abstractions;

namespace ActorViews.Integration.Tests.Faults;

/// <summary>
/// The phases of a fault test, timed from one clock: each phase is printed when reached, and
/// <see cref="Summarize"/> prints the spans between phases as one line that can be quoted.
/// </summary>
internal sealed class FaultTimeline(string fault, ITestOutputHelper output)
{
    private static readonly TimeSpan SampleInterval = TimeSpan.FromSeconds(1);
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Dictionary<string, TimeSpan> _phases = new(StringComparer.Ordinal);

    /// <summary>Records that <paramref name="phase"/> is reached now.</summary>
    public void Mark(string phase)
    {
        var at = _clock.Elapsed;
        _phases[phase] = at;
        output.WriteLine($"[{fault}] +{at.TotalSeconds:0.0}s {phase}");
    }

    /// <summary>How long ago <paramref name="phase"/> was reached.</summary>
    public TimeSpan Since(string phase) => _clock.Elapsed - _phases[phase];

    /// <summary>Prints a note on the timeline (what was observed, not a phase).</summary>
    public void Note(string text) => output.WriteLine($"[{fault}] +{_clock.Elapsed.TotalSeconds:0.0}s {text}");

    /// <summary>
    /// Keeps a fault in place for <paramref name="length"/> (the fault's length, not a synchronization), running
    /// <paramref name="sample"/> about once a second meanwhile to assert what must hold during it.
    /// </summary>
    public async Task HoldFaultAsync(TimeSpan length, Func<Task> sample)
    {
        var end = _clock.Elapsed + length;
        using var tick = new PeriodicTimer(SampleInterval);
        while (_clock.Elapsed < end)
        {
            await sample();
            await tick.WaitForNextTickAsync();
        }
    }

    /// <summary>Prints each span (from one phase to another) in seconds, on one line.</summary>
    public void Summarize(params (string Label, string From, string To)[] spans) => output.WriteLine(
        $"[{fault}] timings: " + string.Join("; ", spans.Select(s => $"{s.Label} {(_phases[s.To] - _phases[s.From]).TotalSeconds:0.0}s")));
}
