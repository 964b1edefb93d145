using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;

namespace ActorViews.EmbeddedKafka.Native;

/// <summary>
/// Finds librdkafka for this assembly's imports. The librdkafka.redist package ships several Linux builds;
/// the default one needs libsasl2.so.3, which e.g. Debian 12 lacks, so the others are tried in turn.
/// </summary>
internal static class LibRdKafkaResolver
{
    private static readonly Lock Gate = new();
    private static nint _loaded;

    public static void Register(Assembly assembly) => NativeLibrary.SetDllImportResolver(assembly, Resolve);

    private static nint Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (libraryName != LibRdKafka.LibraryName)
        {
            return nint.Zero;
        }

        lock (Gate)
        {
            if (_loaded == nint.Zero)
            {
                _loaded = Load();
            }

            return _loaded;
        }
    }

    private static nint Load()
    {
        var failures = new StringBuilder();
        foreach (var candidate in Candidates())
        {
            if (candidate.IsPath && !File.Exists(candidate.Name))
            {
                failures.Append("\n  ").Append(candidate.Name).Append(": not found");
                continue;
            }

            try
            {
                return NativeLibrary.Load(candidate.Name);
            }
            catch (DllNotFoundException ex)
            {
                // dlopen's message names the missing dependency, which is what a user needs to fix it.
                failures.Append("\n  ").Append(candidate.Name).Append(": ").Append(ex.Message);
            }
            catch (BadImageFormatException ex)
            {
                failures.Append("\n  ").Append(candidate.Name).Append(": ").Append(ex.Message);
            }
        }

        throw new DllNotFoundException(
            $"Could not load librdkafka for the embedded Kafka broker (runtime {RuntimeInformation.RuntimeIdentifier}). " +
            $"Make sure the librdkafka.redist package's runtimes/ folder is deployed with the application. Tried:{failures}");
    }

    private static IEnumerable<(string Name, bool IsPath)> Candidates()
    {
        var fileNames = PlatformFileNames();
        foreach (var directory in SearchDirectories())
        {
            foreach (var fileName in fileNames)
            {
                yield return (Path.Combine(directory, fileName), true);
            }
        }

        // A system-wide installation, found by the platform's own search rules.
        foreach (var systemName in SystemNames())
        {
            yield return (systemName, false);
        }
    }

    private static IEnumerable<string> SearchDirectories()
    {
        var roots = new List<string> { AppContext.BaseDirectory };
        AddAssemblyDirectory(roots, typeof(LibRdKafkaResolver).Assembly);
        AddAssemblyDirectory(roots, typeof(Confluent.Kafka.Library).Assembly);

        var directories = new List<string>();
        foreach (var root in roots)
        {
            foreach (var rid in RuntimeIdentifiers())
            {
                directories.Add(Path.Combine(root, "runtimes", rid, "native"));
            }

            directories.Add(root);
        }

        return directories.Distinct(StringComparer.Ordinal);
    }

    private static void AddAssemblyDirectory(List<string> roots, Assembly assembly)
    {
        var directory = Path.GetDirectoryName(assembly.Location);
        if (!string.IsNullOrEmpty(directory))
        {
            roots.Add(directory);
        }
    }

    private static IEnumerable<string> RuntimeIdentifiers()
    {
        var arch = RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();
        if (OperatingSystem.IsLinux())
        {
            yield return $"linux-{arch}";
        }
        else if (OperatingSystem.IsMacOS())
        {
            yield return $"osx-{arch}";
            yield return "osx";
        }
        else if (OperatingSystem.IsWindows())
        {
            yield return $"win-{arch}";
        }
    }

    private static string[] PlatformFileNames()
    {
        if (OperatingSystem.IsMacOS())
        {
            return ["librdkafka.dylib"];
        }

        if (OperatingSystem.IsWindows())
        {
            return ["librdkafka.dll"];
        }

        return ["librdkafka.so", "centos8-librdkafka.so", "alpine-librdkafka.so"];
    }

    private static string[] SystemNames()
    {
        if (OperatingSystem.IsMacOS())
        {
            return ["librdkafka.1.dylib", "librdkafka.dylib"];
        }

        if (OperatingSystem.IsWindows())
        {
            return ["librdkafka.dll"];
        }

        return ["librdkafka.so.1", "librdkafka.so"];
    }
}
