using System.Runtime.CompilerServices;

namespace ActorViews.Integration.Tests;

/// <summary>
/// This test process hosts the embedded broker and several in-process silos at once (test classes run side by
/// side), and the provider's status and commit paths make blocking librdkafka calls on thread-pool threads. On
/// two cores the pool starts with two threads and adds about one per half second, so a burst of blocked calls
/// in one test class could delay another class's HTTP client past its timeout (seen as a health request to a
/// silo process "unanswered" for 30 s). The pool starts wide enough for that here; the silo processes under
/// test keep the runtime's defaults.
/// </summary>
internal static class TestProcessThreads
{
    private const int MinimumWorkers = 64;

    [ModuleInitializer]
    internal static void WidenThreadPool()
    {
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        ThreadPool.SetMinThreads(Math.Max(workers, MinimumWorkers), completionPorts);
    }
}
