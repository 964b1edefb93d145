using System.Text.Json;

namespace ActorViews.Integration.Tests.Deploy;

/// <summary>The silo as the deploy files run it: Kubernetes' Deployment and Compose's <c>silo</c> service.</summary>
internal static class SiloManifests
{
    public const string Silo = "deploy/k8s/silo.yaml";
    public const string TopicsJob = "deploy/k8s/topics-job.yaml";

    /// <summary>The silo's pod spec in silo.yaml.</summary>
    public static async Task<JsonElement> PodSpecAsync() =>
        (await RepositoryFiles.ManifestAsync(Silo, "Deployment")).GetProperty("spec").GetProperty("template").GetProperty("spec");

    /// <summary>The silo container of silo.yaml.</summary>
    public static async Task<JsonElement> ContainerAsync() =>
        Assert.Single((await PodSpecAsync()).GetProperty("containers").EnumerateArray());

    /// <summary>The environment variables of a Kubernetes container: literal values, or null when taken from elsewhere.</summary>
    public static IReadOnlyDictionary<string, string?> Environment(JsonElement container) =>
        container.GetProperty("env").EnumerateArray().ToDictionary(
            e => e.GetProperty("name").GetString()!,
            e => e.TryGetProperty("value", out var value) ? value.Scalar() : null);

    /// <summary>The services of the compose file.</summary>
    public static async Task<JsonElement> ComposeServicesAsync() =>
        Assert.Single(await RepositoryFiles.YamlAsync(RepositoryFiles.Compose)).GetProperty("services");

    /// <summary>The environment of a compose service (map form), anchors resolved.</summary>
    public static IReadOnlyDictionary<string, string> ComposeEnvironment(JsonElement service) =>
        service.GetProperty("environment").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Scalar());
}
