using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using ActorViews.Grains;

namespace ActorViews.Integration.Tests.Deploy;

/// <summary>What the deploy files say agrees with the silo and with each other.</summary>
public sealed partial class ManifestTests
{
    [Fact]
    public async Task Every_environment_variable_of_the_silo_is_a_setting_the_silo_reads()
    {
        var settings = SiloSettings.Read();
        var kubernetes = SiloManifests.Environment(await SiloManifests.ContainerAsync()).Keys;
        var compose = SiloManifests.ComposeEnvironment((await SiloManifests.ComposeServicesAsync()).GetProperty("silo")).Keys;

        Assert.All(kubernetes.Concat(compose), variable => Assert.True(
            settings.Reads(SiloSettings.KeyOf(variable)),
            $"{variable} sets '{SiloSettings.KeyOf(variable)}', which is not in Silo/appsettings.json nor a host setting: a misspelt or removed setting is ignored."));
        Assert.False(settings.Reads("Storage:ConectionString"), "A misspelt key must not count as a setting.");
        Assert.False(settings.Reads("Gateway:Auth:ApiKeys:writer:Secret"), "An API key has Key and Roles only.");
        Assert.True(settings.Reads("Kafka:Settings:security.protocol"), "librdkafka's settings pass through Kafka:Settings.");
    }

    [Fact]
    public async Task Every_topic_is_created_with_the_partition_count_the_silos_read()
    {
        var job = Assert.Single((await RepositoryFiles.ManifestAsync(SiloManifests.TopicsJob, "Job"))
            .GetProperty("spec").GetProperty("template").GetProperty("spec").GetProperty("containers").EnumerateArray());
        var jobEnvironment = SiloManifests.Environment(job);
        var services = await SiloManifests.ComposeServicesAsync();
        var composeTopics = SiloManifests.ComposeEnvironment(services.GetProperty("topics"));

        Assert.Equal(Topics.All, jobEnvironment["TOPICS"]!.Split(' '));
        Assert.Equal(Topics.All, composeTopics["TOPICS"].Split(' '));

        var silo = SiloManifests.Environment(await SiloManifests.ContainerAsync());
        var composeSilo = SiloManifests.ComposeEnvironment(services.GetProperty("silo"));
        foreach (var topic in Topics.All)
        {
            var key = $"Kafka__Topics__{topic}__Partitions";
            Assert.True(silo.TryGetValue(key, out var partitions), $"silo.yaml should set {key}.");
            Assert.Equal(jobEnvironment["PARTITIONS"], partitions);
            Assert.True(composeSilo.TryGetValue(key, out var composePartitions), $"compose.yaml should set {key}.");
            Assert.Equal(composeTopics["PARTITIONS"], composePartitions);
        }

        // One script in two places: Compose escapes the shell's $ as $$.
        var script = job.GetProperty("args")[0].GetString()!;
        var composeScript = services.GetProperty("topics").GetProperty("command")[0].GetString()!;
        Assert.Equal(script, composeScript.Replace("$$", "$", StringComparison.Ordinal));
        Assert.Contains("exit \"$status\"", script);
    }

    [Fact]
    public async Task Grace_periods_cover_the_pre_stop_delay_and_the_shutdown_timeout()
    {
        var pod = await SiloManifests.PodSpecAsync();
        var container = await SiloManifests.ContainerAsync();
        var shutdown = ShutdownSeconds(SiloManifests.Environment(container)["Silo__ShutdownTimeout"]!);
        var preStop = container.GetProperty("lifecycle").GetProperty("preStop").GetProperty("exec").GetProperty("command");
        Assert.Equal("sleep", preStop[0].GetString());
        var delay = int.Parse(preStop[1].GetString()!, CultureInfo.InvariantCulture);
        var grace = pod.GetProperty("terminationGracePeriodSeconds").GetInt32();

        // Kubernetes counts the preStop time in the grace period; the rest is for exiting after the host stopped.
        var exitMargin = grace - delay - shutdown;
        Assert.True(exitMargin is >= 1 and <= 10, $"terminationGracePeriodSeconds {grace} should be preStop {delay} + shutdown timeout {shutdown} + 1-10 s to exit; it leaves {exitMargin} s.");

        var silo = (await SiloManifests.ComposeServicesAsync()).GetProperty("silo");
        var composeShutdown = ShutdownSeconds(SiloManifests.ComposeEnvironment(silo)["Silo__ShutdownTimeout"]);
        Assert.Equal(shutdown, composeShutdown);
        var stopGrace = Seconds(silo.GetProperty("stop_grace_period").GetString()!);
        Assert.True(stopGrace - composeShutdown is >= 1 and <= 10, $"stop_grace_period {stopGrace} s should be the shutdown timeout {composeShutdown} s + 1-10 s to exit.");
    }

    [Fact]
    public async Task No_applied_manifest_holds_a_secret_or_a_placeholder()
    {
        foreach (var path in RepositoryFiles.Manifests.Append(RepositoryFiles.Compose))
        {
            foreach (var document in await RepositoryFiles.YamlAsync(path))
            {
                Assert.False(document.TryGetProperty("kind", out var kind) && kind.GetString() == "Secret",
                    $"{path} holds a Secret: applying the folder would overwrite one made from a secret store (deploy/create-secret makes it).");
                foreach (var value in Scalars(document))
                {
                    Assert.False(Placeholder().IsMatch(value), $"{path} has the placeholder '{value}'.");
                }
            }
        }

        Assert.Matches(Placeholder(), "CHANGE-ME-to-a-long-random-writer-key");
        Assert.Matches(Placeholder(), "registry.example.com/actorviews:<version>");
    }

    [Fact]
    public async Task The_image_runs_as_the_numeric_user_and_on_the_port_the_manifests_name()
    {
        var dockerfile = RepositoryFiles.Text("deploy/Dockerfile");
        var user = Assert.Single(Regex.Matches(dockerfile, @"^USER (.+)$", RegexOptions.Multiline)).Groups[1].Value;
        Assert.Matches("^[1-9][0-9]*$", user);
        var port = Assert.Single(Regex.Matches(dockerfile, @"^ENV ASPNETCORE_HTTP_PORTS=(\d+)$", RegexOptions.Multiline)).Groups[1].Value;

        var pod = await SiloManifests.PodSpecAsync();
        Assert.Equal(user, pod.GetProperty("securityContext").GetProperty("runAsUser").Scalar());
        Assert.True(pod.GetProperty("securityContext").GetProperty("runAsNonRoot").GetBoolean());
        var migrate = (await RepositoryFiles.ManifestAsync("deploy/k8s/migrate-job.yaml", "Job")).GetProperty("spec").GetProperty("template").GetProperty("spec");
        Assert.Equal(user, migrate.GetProperty("securityContext").GetProperty("runAsUser").Scalar());

        var container = await SiloManifests.ContainerAsync();
        var http = Assert.Single(container.GetProperty("ports").EnumerateArray(), p => p.GetProperty("name").GetString() == "http");
        Assert.Equal(port, http.GetProperty("containerPort").Scalar());
        foreach (var probe in (string[])["startupProbe", "readinessProbe", "livenessProbe"])
        {
            Assert.Equal("http", container.GetProperty(probe).GetProperty("httpGet").GetProperty("port").GetString());
        }
    }

    /// <summary>The HTTP paths of silo.yaml's probes.</summary>
    internal static async Task<IReadOnlyList<string>> ProbePathsAsync()
    {
        var container = await SiloManifests.ContainerAsync();
        return [.. ((string[])["startupProbe", "readinessProbe", "livenessProbe"])
            .Select(probe => container.GetProperty(probe).GetProperty("httpGet").GetProperty("path").GetString()!)
            .Distinct(StringComparer.Ordinal)];
    }

    private static IEnumerable<string> Scalars(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => Scalars(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Scalars),
        JsonValueKind.String => [element.GetString()!],
        _ => [],
    };

    // Compose durations as the file writes them: 35s, 1m30s.
    private static int Seconds(string duration)
    {
        var match = Regex.Match(duration, @"^(?:(\d+)m)?(?:(\d+)s)?$");
        Assert.True(match.Success && duration.Length > 0, $"'{duration}' should be a duration such as 35s or 1m30s.");
        return (match.Groups[1].Success ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) * 60 : 0)
            + (match.Groups[2].Success ? int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture) : 0);
    }

    // Silo:ShutdownTimeout as the silo reads it (hh:mm:ss), in whole seconds.
    private static int ShutdownSeconds(string duration)
    {
        Assert.True(TimeSpan.TryParse(duration, CultureInfo.InvariantCulture, out var timeout), $"Silo:ShutdownTimeout '{duration}' should be hh:mm:ss.");
        return (int)timeout.TotalSeconds;
    }

    // What people write where a real value belongs; the silo refuses such API keys too (ApiKeyPlaceholder).
    [GeneratedRegex(@"change[-_. ]?me|changeit|replace[-_. ]?me|placeholder|example\.(com|org)|your[-_. ]?(api[-_. ]?)?(key|secret|password)|<[^<>]+>", RegexOptions.IgnoreCase)]
    private static partial Regex Placeholder();
}
