using ActorViews.EmbeddedKafka;
using ActorViews.Streaming.Kafka.Providers;
using Confluent.Kafka;

namespace ActorViews.Streaming.Kafka.Tests.Providers;

/// <summary>Each view's position per partition, kept in a consumer group of its own on a broker.</summary>
public sealed class KafkaViewPositionsTests : IDisposable
{
    private const string Topic = "orders";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly EmbeddedKafkaBroker _broker = EmbeddedKafkaBroker.Start();
    private readonly KafkaStreamOptions _options;

    public KafkaViewPositionsTests()
    {
        _broker.CreateTopic(Topic, 2);
        _options = new KafkaStreamOptions { BootstrapServers = _broker.BootstrapServers, ConsumerGroupId = "positions-tests" };
    }

    [Fact]
    public void Each_views_position_is_stored_per_partition_in_its_own_group_and_read_back_by_a_new_silo()
    {
        var first = new TopicPartition(Topic, 0);
        var second = new TopicPartition(Topic, 1);
        using (var silo = new KafkaViewPositions(_options, "test"))
        {
            silo.Commit(first, "order-view", 42);
            silo.Commit(first, "audit-view", 17);
            silo.Commit(second, "order-view", 5);
        }

        using var restarted = new KafkaViewPositions(_options, "test");
        var onFirst = restarted.Read(first, ["order-view", "audit-view", "new-view"], Timeout);
        var onSecond = restarted.Read(second, ["order-view", "audit-view"], Timeout);

        Assert.Equal(new Dictionary<string, long> { ["order-view"] = 42, ["audit-view"] = 17 }, onFirst);
        Assert.Equal(new Dictionary<string, long> { ["order-view"] = 5 }, onSecond);
        Assert.Equal(42, Committed("positions-tests.view.order-view", first));
        Assert.Equal(-1, Committed("positions-tests", first));
    }

    public void Dispose() => _broker.Dispose();

    private long Committed(string group, TopicPartition partition)
    {
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig { BootstrapServers = _broker.BootstrapServers, GroupId = group }).Build();
        var offset = consumer.Committed([partition], Timeout).Single().Offset;
        return offset.IsSpecial ? -1 : offset.Value;
    }
}
