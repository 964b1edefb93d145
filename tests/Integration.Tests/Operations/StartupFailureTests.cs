using ActorViews.Integration.Tests.Http;

namespace ActorViews.Integration.Tests.Operations;

/// <summary>A silo that cannot start says why in one line naming the setting, and exits non-zero.</summary>
public sealed class StartupFailureTests
{
    // No broker listens there: a bad setting must stop the silo before it would connect.
    private const string UnreachableBroker = "--Kafka:BootstrapServers=127.0.0.1:9";

    [Theory]
    [InlineData("Configuration 'Orleans:SiloPort' must be a whole number from 1 to 65535; it is '0'", "--Orleans:SiloPort=0")]
    [InlineData("'abc' at 'Kafka:Topics:orders:Partitions'", "--Kafka:Topics:orders:Partitions=abc")]
    [InlineData("Configuration 'Orleans:Membership:ProbeTimeout' must be a positive duration", "--Orleans:Membership:ProbeTimeout=soon")]
    [InlineData("Gateway:RateLimit:PermitLimit must be from 1 to 1000000", "--Gateway:RateLimit:PermitLimit=0")]
    [InlineData("Configuration 'Kafka:Settings' is refused by the Kafka client: No such configuration property: \"nonsense.setting\"", UnreachableBroker, "--Kafka:Settings:nonsense.setting=1")]
    public async Task A_bad_option_stops_start_up_with_one_line_naming_it(string line, params string[] settings)
    {
        var output = await FailedStartAsync(settings);

        AssertOneLine(output, line);
    }

    private static async Task<string> FailedStartAsync(params string[] settings)
    {
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => SiloProcess.StartAsync(settings));
        Assert.Contains("The silo exited with code 2.", failure.Message);
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
