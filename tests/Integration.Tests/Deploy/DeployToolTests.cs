using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ActorViews.Integration.Tests.Deploy;

/// <summary>
/// The deploy files pass the checks an operator's tools make, offline: there is no Kubernetes API server and no
/// Docker engine here, so each tool runs in the mode that needs neither (and says so below).
/// </summary>
public sealed class DeployToolTests
{
    private static readonly Dictionary<string, string> ComposeKeys = new()
    {
        ["ACTORVIEWS_WRITER_KEY"] = "compose-check-writer-key-0001",
        ["ACTORVIEWS_OPERATOR_KEY"] = "compose-check-operator-key-0002",
    };

    private static string CreateSecret => Path.Combine(RepositoryFiles.Root, "deploy", "create-secret");

    [Fact]
    public async Task Every_deploy_file_passes_yamllint_with_the_house_style()
    {
        var run = await ToolRun.RunAsync("yamllint", ["-c", "deploy/.yamllint", "-f", "parsable", "--strict", "deploy/"]);

        Assert.True(run.ExitCode == 0 && run.Output.Length == 0, run.Printed);
    }

    [Fact]
    public async Task Kubectl_reads_every_manifest_as_the_objects_it_should_create()
    {
        // `kubectl apply --dry-run=client` asks the API server which kinds exist, so it fails offline. `--local`
        // commands do not: `label` decodes every document as a Kubernetes object (apiVersion, kind, name) and
        // `set env` decodes the workloads into kubectl's typed objects, so a field of the wrong type fails.
        var label = await ToolRun.RunAsync("kubectl", ["label", "--local", "-o", "name", "-f", "deploy/k8s/", "checked=offline"]);
        Assert.True(label.ExitCode == 0, label.Printed);
        Assert.Equal(
            ["deployment.apps/actorviews-silo", "job.batch/actorviews-migrate", "job.batch/actorviews-topics", "poddisruptionbudget.policy/actorviews-silo", "service/actorviews"],
            label.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));

        foreach (var manifest in RepositoryFiles.Manifests)
        {
            var typed = await ToolRun.RunAsync("kubectl", ["set", "env", "--local", "--list", "-f", manifest]);
            Assert.True(typed.ExitCode == 0 && typed.Errors.Length == 0, typed.Printed);
        }
    }

    [Fact]
    public async Task Kubectl_offline_checks_can_fail()
    {
        var wrongType = await ToolRun.RunAsync("kubectl", ["set", "env", "--local", "--list", "-f", "-"], """
            apiVersion: apps/v1
            kind: Deployment
            metadata: { name: broken }
            spec: { replicas: "three" }
            """);

        Assert.NotEqual(0, wrongType.ExitCode);
        Assert.Contains("replicas", wrongType.Errors);
    }

    [Fact]
    public async Task The_compose_file_validates_against_the_compose_schema()
    {
        // Debian's docker-compose 1.29 validates offline (`config -q`) against the Compose schema of its time,
        // which predates the top-level `name:` (the project name only); everything else of the file is checked.
        var compose = RepositoryFiles.Text(RepositoryFiles.Compose);
        Assert.Contains("\nname: actorviews\n", compose);
        var withoutName = compose.Replace("\nname: actorviews\n", "\n", StringComparison.Ordinal);

        var run = await ToolRun.RunAsync("docker-compose", ["--project-directory", "deploy", "-f", "-", "config", "-q"], withoutName, ComposeKeys);
        Assert.True(run.ExitCode == 0, run.Printed);

        var broken = withoutName.Replace("stop_grace_period: 35s", "stop_grace_period: [35s]", StringComparison.Ordinal);
        Assert.NotEqual(withoutName, broken);
        var refused = await ToolRun.RunAsync("docker-compose", ["--project-directory", "deploy", "-f", "-", "config", "-q"], broken, ComposeKeys);
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("stop_grace_period", refused.Errors);
    }

    [Fact]
    public async Task The_compose_file_refuses_to_start_without_api_keys()
    {
        var compose = RepositoryFiles.Text(RepositoryFiles.Compose).Replace("\nname: actorviews\n", "\n", StringComparison.Ordinal);

        var run = await ToolRun.RunAsync("docker-compose", ["--project-directory", "deploy", "-f", "-", "config", "-q"], compose,
            new Dictionary<string, string> { ["ACTORVIEWS_WRITER_KEY"] = "", ["ACTORVIEWS_OPERATOR_KEY"] = "" });

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("export ACTORVIEWS_WRITER_KEY", run.Errors);
    }

    [Fact]
    public async Task The_secret_generator_makes_the_secret_the_manifests_read_with_fresh_keys()
    {
        var first = await CreateSecretAsync();
        var second = await CreateSecretAsync();

        Assert.Equal("actorviews-connections", first.GetProperty("metadata").GetProperty("name").GetString());
        Assert.Equal("Host=db;Database=actorviews;Username=silo;Password=s3cret", Data(first, "storage-connection-string"));
        Assert.Equal("kafka-0.kafka:9092", Data(first, "kafka-bootstrap-servers"));
        Assert.Equal(Data(first, "storage-connection-string"), Data(first, "migrate-connection-string"));

        // Every key a manifest takes from the Secret is in it, and nothing else.
        var referenced = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var manifest in RepositoryFiles.Manifests)
        {
            foreach (Match match in Regex.Matches(RepositoryFiles.Text(manifest), @"secretKeyRef: \{ name: actorviews-connections, key: ([a-z-]+) \}"))
            {
                referenced.Add(match.Groups[1].Value);
            }
        }

        Assert.Equal(referenced, first.GetProperty("data").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));

        foreach (var key in (string[])["gateway-writer-key", "gateway-operator-key"])
        {
            Assert.Equal(32, Convert.FromBase64String(Data(first, key)).Length);
            Assert.NotEqual(Data(first, key), Data(second, key));
        }

        Assert.NotEqual(Data(first, "gateway-writer-key"), Data(first, "gateway-operator-key"));
    }

    [Fact]
    public async Task The_secret_generator_names_a_missing_value()
    {
        var run = await ToolRun.RunAsync(CreateSecret, ["--connection-string", "Host=db"]);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("error: --kafka-bootstrap-servers is required", run.Errors.Trim());
    }

    private static async Task<JsonElement> CreateSecretAsync()
    {
        var run = await ToolRun.RunAsync(CreateSecret, ["--kafka-bootstrap-servers", "kafka-0.kafka:9092"],
            environment: new Dictionary<string, string> { ["ACTORVIEWS_CONNECTION_STRING"] = "Host=db;Database=actorviews;Username=silo;Password=s3cret" });
        Assert.True(run.ExitCode == 0, run.Printed);
        return Assert.Single(await RepositoryFiles.YamlOfTextAsync(run.Output, "deploy/create-secret's output"));
    }

    private static string Data(JsonElement secret, string key) =>
        Encoding.UTF8.GetString(Convert.FromBase64String(secret.GetProperty("data").GetProperty(key).GetString()!));
}
