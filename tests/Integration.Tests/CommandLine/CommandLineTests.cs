using ActorViews.Integration.Tests.Durability;

namespace ActorViews.Integration.Tests.CommandLine;

/// <summary>
/// What <c>actorviews</c> says about its own command line: the commands it lists, and a mistake in one as a
/// single line naming the argument, with the usage exit code, before anything is connected to.
/// </summary>
public sealed class CommandLineTests
{
    private static readonly string[] Commands = ["dev-broker", "gateway", "migrate", "get", "watch", "views", "produce", "replay", "help"];

    [Theory]
    [InlineData("--no-such-option", "dev-broker", "--no-such-option")]
    [InlineData("--no-such-option", "migrate", "--connection-string", "Host=127.0.0.1", "--no-such-option")]
    [InlineData("--no-such-option", "get", "order", "o-1", "--no-such-option")]
    [InlineData("--no-such-option", "watch", "o-1", "--no-such-option")]
    [InlineData("--no-such-option", "produce", "--bootstrap-servers", "127.0.0.1:1", "--no-such-option")]
    [InlineData("--no-such-option", "replay", "--bootstrap-servers", "127.0.0.1:1", "--topic", "orders.dlq", "--no-such-option")]
    [InlineData("--orders", "produce", "--bootstrap-servers", "127.0.0.1:1", "--orders", "many")]
    [InlineData("--timeout", "watch", "o-1", "--timeout", "0")]
    [InlineData("--brokers", "dev-broker", "--brokers")]
    [InlineData("--url", "views", "list", "--url", "not-an-address")]
    [InlineData("no-such-command", "no-such-command")]
    public async Task A_bad_argument_is_one_line_naming_it_and_the_usage_exit_code(string named, params string[] args)
    {
        var run = await CliRun.RunAsync(args);

        Assert.True(run.ExitCode == 2, $"expected exit code 2 (usage), got {run.ExitCode}: {run.Errors}");
        var lines = run.Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"expected one line on stderr, got {lines.Length}: {run.Errors}");
        Assert.StartsWith("error: ", lines[0], StringComparison.Ordinal);
        Assert.Contains(named, lines[0], StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Output);
    }

    [Fact]
    public async Task Help_lists_every_command_and_the_exit_codes()
    {
        var run = await CliRun.RunAsync("--help");

        Assert.True(run.ExitCode == 0, $"--help should succeed: {run.Errors}");
        var listed = run.Output[run.Output.IndexOf("Commands:", StringComparison.Ordinal)..]
            .Split('\n')
            .Select(line => line.Trim().Split(' ')[0])
            .ToHashSet(StringComparer.Ordinal);
        Assert.All(Commands, command => Assert.Contains(command, listed));
        Assert.Contains("2  invalid command line", run.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("replay", "--reason-contains")]
    [InlineData("dev-broker", "--bootstrap-file")]
    [InlineData("gateway", "--Kafka:BootstrapServers")]
    public async Task Help_of_a_command_lists_its_options_in_both_forms_the_docs_use(string command, string option)
    {
        var asOption = await CliRun.RunAsync(command, "--help");
        var asCommand = await CliRun.RunAsync("help", command);

        Assert.True(asOption.ExitCode == 0, $"'{command} --help' should succeed: {asOption.Errors}");
        Assert.Contains(option, asOption.Output, StringComparison.Ordinal);
        Assert.Equal(asOption.Output, asCommand.Output);
    }

    [Fact]
    public async Task Without_a_command_it_lists_them_on_stderr_with_the_usage_exit_code()
    {
        var run = await CliRun.RunAsync();

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("replay", run.Errors, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Output);
    }
}
