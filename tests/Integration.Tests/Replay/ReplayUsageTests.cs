using ActorViews.Integration.Tests.Durability;

namespace ActorViews.Integration.Tests.Replay;

/// <summary>A wrong <c>actorviews replay</c> command line exits with the usage code and names the option.</summary>
public sealed class ReplayUsageTests
{
    [Theory]
    [InlineData("--bootstrap-servers", "--topic", "orders.dlq")]
    [InlineData("--topic", "--bootstrap-servers", "127.0.0.1:1")]
    [InlineData("--max", "--bootstrap-servers", "127.0.0.1:1", "--topic", "orders.dlq", "--max", "0")]
    [InlineData("--until-offset", "--bootstrap-servers", "127.0.0.1:1", "--topic", "orders.dlq", "--from-offset", "5", "--until-offset", "4")]
    [InlineData("--to", "--bootstrap-servers", "127.0.0.1:1", "--topic", "orders.dlq", "--to", "orders.dlq")]
    [InlineData("--kafka", "--bootstrap-servers", "127.0.0.1:1", "--topic", "orders.dlq", "--kafka", "sasl.password")]
    [InlineData("--kafka", "--bootstrap-servers", "127.0.0.1:1", "--topic", "orders.dlq", "--kafka", "no.such.setting=1")]
    [InlineData("--follow", "--bootstrap-servers", "127.0.0.1:1", "--topic", "orders.dlq", "--follow")]
    public async Task A_bad_command_line_is_a_usage_error_naming_the_option(string option, params string[] args)
    {
        var run = await CliRun.RunAsync(["replay", .. args]);

        Assert.True(run.ExitCode == 2, $"expected exit code 2 (usage), got {run.ExitCode}: {run.Errors}");
        Assert.Contains($"error: ", run.Errors, StringComparison.Ordinal);
        Assert.Contains(option, run.Errors.Split('\n')[0], StringComparison.Ordinal);
    }
}
