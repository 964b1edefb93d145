using ActorViews.EmbeddedKafka;
using ActorViews.Grains;
using ActorViews.Tests.Shared;

namespace ActorViews.Integration.Tests.Operations;

/// <summary>A silo that cannot start says why in one line naming the setting or topic, and exits non-zero.</summary>
public sealed class StartupFailureTests
{
    // No broker listens there: a bad setting must stop the silo before it would connect.
    private const string UnreachableBroker = "--Kafka:BootstrapServers=127.0.0.1:9";

    [Theory]
    [InlineData("Configuration 'Orleans:SiloPort' must be a whole number from 1 to 65535; it is '0'", "--Orleans:SiloPort=0")]
    [InlineData("'abc' at 'Kafka:Topics:orders:Partitions'", "--Kafka:Topics:orders:Partitions=abc")]
    [InlineData("Configuration 'Orleans:Membership:ProbeTimeout' must be a positive duration", "--Orleans:Membership:ProbeTimeout=soon")]
    [InlineData("Gateway:RateLimit:PermitLimit must be from 1 to 1000000", "--Gateway:RateLimit:PermitLimit=0")]
    [InlineData("Configuration 'Kafka:PartitionAffinity' must be true or false; it is 'maybe'", "--Kafka:PartitionAffinity=maybe")]
    [InlineData("Configuration 'Storage:GroupCommit' must be true or false; it is 'often'", "--Storage:GroupCommit=often")]
    [InlineData("Configuration 'Kafka:ReplacedVersionDeleteDelay' must be a positive time span (e.g. 00:01:00); it is 'soon'", "--Kafka:ReplacedVersionDeleteDelay=soon")]
    [InlineData("Configuration 'Kafka:Settings' is refused by the Kafka client: No such configuration property: \"nonsense.setting\"", UnreachableBroker, "--Kafka:Settings:nonsense.setting=1")]
    public async Task A_bad_option_stops_start_up_with_one_line_naming_it(string line, params string[] settings)
    {
        var output = await FailedStartAsync(settings);

        AssertOneLine(output, line);
    }

    [Fact]
    public async Task A_topic_with_other_partition_counts_than_configured_or_missing_stops_start_up_naming_it()
    {
        using var broker = EmbeddedKafkaBroker.Start();
        foreach (var topic in Topics.All.Where(t => t != Topics.Payments))
        {
            broker.CreateTopic(topic, topic == Topics.Orders ? 12 : topic == Topics.Customers ? 2 : 8);
            broker.CreateTopic(topic + ".dlq", 8);
        }

        broker.CreateTopic(Topics.Payments + ".dlq", 8);

        var output = await FailedStartAsync($"--Kafka:BootstrapServers={broker.BootstrapServers}", "--Demo:Enabled=false");

        var line = AssertOneLine(output, $"The topics on the broker at {broker.BootstrapServers} do not match the configuration");
        Assert.Contains("topic 'orders' has 12 partitions but Kafka:Topics:orders:Partitions is 8, so partitions 8-11 would never be read", line);
        Assert.Contains("topic 'customers' has 2 partitions but Kafka:Topics:customers:Partitions is 8", line);
        Assert.Contains("topic 'payments' does not exist; create it with 8 partitions", line);
        Assert.DoesNotContain("'order-validations'", line);
        Assert.DoesNotContain("'warehouse-inventory'", line);
    }

    private static async Task<string> FailedStartAsync(params string[] settings)
    {
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => SiloProcess.StartAsync(settings));
        Assert.Contains("The silo exited with code 2 ", failure.Message);
        return failure.Message;
    }

    // One line says it all: no unhandled exception, no stack trace.
    private static string AssertOneLine(string output, string expected)
    {
        Assert.DoesNotContain("Unhandled exception", output);
        Assert.DoesNotMatch(@"(?m)^\s+at \S+\(", output);
        var lines = output.Split('\n').Where(l => l.StartsWith("actorviews: the silo did not start: ", StringComparison.Ordinal)).ToList();
        var line = Assert.Single(lines);
        Assert.Contains(expected, line);
        return line;
    }
}
