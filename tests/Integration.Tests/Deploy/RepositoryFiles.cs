using System.Text.Json;

namespace ActorViews.Integration.Tests.Deploy;

/// <summary>The repository's deploy files, read as the tools that apply them read them.</summary>
internal static class RepositoryFiles
{
    private static readonly Lazy<string> RootPath = new(() =>
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ActorViews.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No ActorViews.sln above {AppContext.BaseDirectory}: the tests run from the repository's build output.");
    });

    /// <summary>The repository root, which holds ActorViews.sln.</summary>
    public static string Root => RootPath.Value;

    /// <summary>The manifests <c>kubectl apply -f deploy/k8s/</c> applies, by path from the root.</summary>
    public static IReadOnlyList<string> Manifests =>
        [.. Directory.GetFiles(Path.Combine(Root, "deploy", "k8s"), "*.yaml").Order(StringComparer.Ordinal).Select(f => Path.GetRelativePath(Root, f))];

    /// <summary>The compose file, by path from the root.</summary>
    public const string Compose = "deploy/compose.yaml";

    /// <summary>The text of <paramref name="path"/> (from the root).</summary>
    public static string Text(string path) => File.ReadAllText(Path.Combine(Root, path));

    /// <summary>
    /// The YAML documents of <paramref name="path"/> as JSON, parsed by PyYAML (yamllint's own parser): anchors,
    /// merge keys and YAML 1.1 scalars come out as Kubernetes and Compose see them.
    /// </summary>
    public static Task<IReadOnlyList<JsonElement>> YamlAsync(string path) => YamlOfTextAsync(Text(path), path);

    /// <summary>The YAML documents of <paramref name="yaml"/> as JSON; <paramref name="what"/> names it in a failure.</summary>
    public static async Task<IReadOnlyList<JsonElement>> YamlOfTextAsync(string yaml, string what)
    {
        var run = await ToolRun.RunAsync(
            "python3",
            ["-c", "import json, sys, yaml; json.dump([d for d in yaml.safe_load_all(sys.stdin) if d is not None], sys.stdout)"],
            yaml);
        Assert.True(run.ExitCode == 0, $"{what} should parse as YAML. {run.Printed}");
        return [.. JsonDocument.Parse(run.Output).RootElement.EnumerateArray().Select(d => d.Clone())];
    }

    /// <summary>The one document of <paramref name="kind"/> in <paramref name="path"/>.</summary>
    public static async Task<JsonElement> ManifestAsync(string path, string kind) =>
        Assert.Single(await YamlAsync(path), d => d.GetProperty("kind").GetString() == kind);

    /// <summary>A scalar as the text a container sees (YAML numbers and booleans included).</summary>
    public static string Scalar(this JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        _ => throw new InvalidOperationException($"Expected a scalar, found {value.ValueKind}: {value.GetRawText()}"),
    };
}
