using ActorViews.Grains;
using ActorViews.Ecosystem;
using ActorViews.Tests.Shared;
using Confluent.Kafka;
using Microsoft.Extensions.Configuration;

namespace ActorViews.Integration.Tests.Durability;

/// <summary>
/// <c>actorviews dev-broker</c> without topic options must be a broker a silo can start on: every topic the silo
/// reads and its dead-letter topic, with the partition counts the silo expects.
/// </summary>
public sealed class DevBrokerTopicsTests
{
    [Fact]
    public async Task By_default_it_creates_every_topic_of_the_silo_and_its_dlq_with_the_silos_default_partitions()
    {
        // The silo's own default, read the way the silo reads it with nothing configured.
        var siloDefaults = OrderStreams.Read(new ConfigurationBuilder().Build());
        var expected = Topics.All
            .SelectMany(topic => new[] { topic, topic + ".dlq" }.Select(name => (name, siloDefaults.PartitionsOf(topic))))
            .ToDictionary(t => t.name, t => t.Item2);

        using var broker = await DevBrokerProcess.StartWithArgumentsAsync();

        Assert.Equal(expected, ReadTopics(broker.BootstrapServers));
    }

    [Fact]
    public async Task Partitions_option_sets_the_count_of_every_topic_and_dlq()
    {
        using var broker = await DevBrokerProcess.StartWithArgumentsAsync("--partitions", "3");

        var topics = ReadTopics(broker.BootstrapServers);

        Assert.Equal(Topics.All.Count * 2, topics.Count);
        Assert.All(Topics.All, topic =>
        {
            Assert.Equal(3, topics.GetValueOrDefault(topic));
            Assert.Equal(3, topics.GetValueOrDefault(topic + ".dlq"));
        });
    }

    [Fact]
    public async Task Partitions_together_with_topic_is_refused_naming_both()
    {
        using var cli = CliRun.StartCli("dev-broker", "--partitions", "3", "--topic", "t:2");
        var errors = cli.StandardError.ReadToEndAsync();
        await Deadline.Within(cli.WaitForExitAsync(), Deadline.Default, "dev-broker to refuse the arguments");

        Assert.Equal(2, cli.ExitCode);
        var message = await errors;
        Assert.Contains("--partitions", message);
        Assert.Contains("--topic", message);
    }

    private static Dictionary<string, int> ReadTopics(string bootstrapServers)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrapServers }).Build();
        return admin.GetMetadata(Deadline.Default).Topics.ToDictionary(t => t.Topic, t => t.Partitions.Count);
    }
}
