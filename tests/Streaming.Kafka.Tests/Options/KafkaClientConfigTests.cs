using Confluent.Kafka;

namespace ActorViews.Streaming.Kafka.Tests.Options;

/// <summary>The one configuration of our Kafka clients: defaults, then pass-through settings, then what callers rely on.</summary>
public sealed class KafkaClientConfigTests
{
    private static readonly Dictionary<string, string> Tuned = new(StringComparer.Ordinal)
    {
        ["linger.ms"] = "50",
        ["socket.timeout.ms"] = "20000",
        ["security.protocol"] = "SASL_SSL",
    };

    [Fact]
    public void Every_kind_of_client_bounds_a_silent_broker_with_the_socket_timeout()
    {
        var options = new KafkaStreamOptions { BootstrapServers = "broker-1:9092" };

        Assert.Equal(10_000, KafkaClientConfig.ForProducer(options, "p").SocketTimeoutMs);
        Assert.Equal(10_000, KafkaClientConfig.ForConsumer(options, "c").SocketTimeoutMs);
        Assert.Equal(10_000, KafkaClientConfig.ForAdmin(options, "a").SocketTimeoutMs);
    }

    [Fact]
    public void Pass_through_settings_win_over_the_defaults()
    {
        var producer = KafkaClientConfig.ForProducer("broker-1:9092", Tuned, "p");
        var admin = KafkaClientConfig.ForAdmin("broker-1:9092", Tuned, "a");

        Assert.Equal(50, producer.LingerMs);
        Assert.Equal(20_000, producer.SocketTimeoutMs);
        Assert.Equal("SASL_SSL", producer.Get("security.protocol"));
        Assert.Equal(Partitioner.Murmur2Random, producer.Partitioner);
        Assert.Equal(20_000, admin.SocketTimeoutMs);
        Assert.Equal("SASL_SSL", admin.Get("security.protocol"));
    }

    [Fact]
    public void No_setting_moves_a_consumer_out_of_its_group_or_lets_offsets_move_without_a_commit()
    {
        var settings = new Dictionary<string, string>(Tuned, StringComparer.Ordinal)
        {
            ["group.id"] = "someone-else",
            ["enable.auto.commit"] = "true",
            ["enable.auto.offset.store"] = "true",
            ["isolation.level"] = "read_uncommitted",
        };

        var consumer = KafkaClientConfig.ForConsumer("broker-1:9092", settings, "c", groupId: "views");

        Assert.Equal("views", consumer.GroupId);
        Assert.False(consumer.EnableAutoCommit);
        Assert.False(consumer.EnableAutoOffsetStore);
        Assert.Equal(IsolationLevel.ReadUncommitted, consumer.IsolationLevel);
        Assert.Equal("SASL_SSL", consumer.Get("security.protocol"));
        Assert.Equal("c", consumer.ClientId);
    }

    [Fact]
    public void The_providers_consumer_reads_in_its_consumer_group_with_its_settings()
    {
        var options = new KafkaStreamOptions { BootstrapServers = "broker-1:9092", ConsumerGroupId = "views" };
        options.Kafka["sasl.username"] = "silo";

        var consumer = KafkaClientConfig.ForConsumer(options, "c");

        Assert.Equal("broker-1:9092", consumer.BootstrapServers);
        Assert.Equal("views", consumer.GroupId);
        Assert.Equal("silo", consumer.SaslUsername);
        Assert.Equal(AutoOffsetReset.Earliest, consumer.AutoOffsetReset);
        Assert.Equal(IsolationLevel.ReadCommitted, consumer.IsolationLevel);
    }
}
