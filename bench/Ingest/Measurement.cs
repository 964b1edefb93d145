using System.Diagnostics;

namespace ActorViews.Ingest;

/// <summary>Process-wide counters read at the start and end of a timed pass.</summary>
internal readonly record struct Measurement(long Timestamp, long AllocatedBytes, TimeSpan GcPause)
{
    public static Measurement Take() => new(Stopwatch.GetTimestamp(), GC.GetTotalAllocatedBytes(precise: true), GC.GetTotalPauseDuration());

    public static long SettledHeapBytes()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    public static long PeakWorkingSet()
    {
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return process.PeakWorkingSet64;
    }
}
