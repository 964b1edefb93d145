using ActorViews.Ecosystem;
using Microsoft.Extensions.Configuration;

namespace ActorViews.Streaming.Kafka.Tests.Options;

/// <summary>The ecosystem's provider settings as a silo reads them from its configuration.</summary>
public sealed class OrderStreamsSettingsTests
{
    [Theory]
    [InlineData(null, true)]
    [InlineData("false", false)]
    [InlineData("true", true)]
    public void Partition_affinity_follows_the_silo_setting_and_is_on_by_default(string? setting, bool expected)
    {
        var options = new KafkaStreamOptions { PartitionAffinity = !expected };

        Read(setting).ApplyTo(options, "127.0.0.1:9092");

        Assert.Equal(expected, options.PartitionAffinity);
    }

    [Fact]
    public void A_partition_affinity_that_is_no_boolean_fails_naming_its_key()
    {
        var failure = Assert.Throws<InvalidOperationException>(() => Read("sometimes"));

        Assert.Contains(OrderStreams.PartitionAffinityKey, failure.Message, StringComparison.Ordinal);
    }

    private static OrderStreams Read(string? partitionAffinity) => OrderStreams.Read(
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [OrderStreams.PartitionAffinityKey] = partitionAffinity }).Build());
}
