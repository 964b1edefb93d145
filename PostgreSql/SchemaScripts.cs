using System.Globalization;

namespace ActorViews.PostgreSql;

/// <summary>One embedded schema script; its file name starts with the schema version it brings.</summary>
internal sealed record SchemaScript(int Version, string Name, string Sql);

/// <summary>The schema scripts embedded in this assembly, in version order.</summary>
internal static class SchemaScripts
{
    private const string ResourcePrefix = "ActorViews.PostgreSql.Schema.";

    public static IReadOnlyList<SchemaScript> All { get; } = Load();

    public static int LatestVersion => All[^1].Version;

    private static List<SchemaScript> Load()
    {
        var assembly = typeof(SchemaScripts).Assembly;
        var scripts = new List<SchemaScript>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            var name = resource[ResourcePrefix.Length..];
            var separator = name.IndexOf('_', StringComparison.Ordinal);
            if (separator <= 0 || !int.TryParse(name.AsSpan(0, separator), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
            {
                throw new InvalidOperationException($"Schema script '{name}' must be named '<version>_<what>.sql'.");
            }

            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            scripts.Add(new SchemaScript(version, name, reader.ReadToEnd()));
        }

        scripts.Sort((a, b) => a.Version.CompareTo(b.Version));
        // A gap or a duplicate would make "apply everything above the recorded version" skip or repeat work.
        for (var i = 0; i < scripts.Count; i++)
        {
            if (scripts[i].Version != i + 1)
            {
                throw new InvalidOperationException(
                    $"Schema scripts must be numbered 1, 2, 3... without gaps; found '{scripts[i].Name}' at position {i + 1}.");
            }
        }

        return scripts.Count > 0 ? scripts : throw new InvalidOperationException("No schema scripts are embedded in the assembly.");
    }
}
