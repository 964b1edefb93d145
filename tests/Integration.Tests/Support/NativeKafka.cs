using System.Runtime.InteropServices;
using Confluent.Kafka;

namespace ActorViews.Integration.Tests.Support;

/// <summary>Loads librdkafka for Confluent clients in the test process.</summary>
internal static class NativeKafka
{
    private static readonly Lock Gate = new();

    /// <summary>
    /// Loads the build of librdkafka that runs here: the default Linux one needs libsasl2.so.3, which e.g.
    /// Debian 12 lacks, while the centos8 build shipped next to it does not.
    /// </summary>
    public static void EnsureLoaded()
    {
        lock (Gate)
        {
            if (Library.IsLoaded || !OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64)
            {
                return;
            }

            var centos8 = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "centos8-librdkafka.so");
            Library.Load(File.Exists(centos8) ? centos8 : null);
        }
    }
}
