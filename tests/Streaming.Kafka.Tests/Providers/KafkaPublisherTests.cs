using ActorViews.EmbeddedKafka;
using ActorViews.Streaming.Kafka.Providers;

namespace ActorViews.Streaming.Kafka.Tests.Providers;

/// <summary>The publisher's answer to "which partition holds this key", checked against where the broker put the event.</summary>
public sealed class KafkaPublisherTests : IDisposable
{
    private const string Orders = "orders";
    private const string Payments = "payments";
    private readonly EmbeddedKafkaBroker _broker = EmbeddedKafkaBroker.Start();
    private readonly KafkaProducer _producer;
    private readonly KafkaPublisher _publisher;

    public KafkaPublisherTests()
    {
        _broker.CreateTopic(Orders, 8);
        _broker.CreateTopic(Payments, 3);
        var options = new KafkaStreamOptions { BootstrapServers = _broker.BootstrapServers, ConsumerGroupId = "publisher-tests" };
        options.AddTopic<Reading>(Orders, 8);
        options.AddTopic<Reading>(Payments, 3);
        _producer = new KafkaProducer(options, "test");
        _publisher = new KafkaPublisher(new KafkaTopicCatalog(options), _producer, new JsonEventSerializer());
    }

    [Fact]
    public async Task PartitionFor_names_the_partition_each_topic_stores_the_key_in()
    {
        var keys = Enumerable.Range(0, 24).Select(i => $"order-{i}").ToList();
        foreach (var topic in new[] { Orders, Payments })
        {
            foreach (var key in keys)
            {
                var written = await _publisher.PublishAsync(topic, key, new Reading(key, 1));

                Assert.Equal(written.Partition, _publisher.PartitionFor(topic, key));
            }
        }

        // The same keys spread differently over 8 and 3 partitions: the answer depends on the topic.
        Assert.Contains(keys, k => _publisher.PartitionFor(Orders, k) != _publisher.PartitionFor(Payments, k));
        Assert.Equal(8, keys.Select(k => _publisher.PartitionFor(Orders, k)).Distinct().Count());
    }

    [Fact]
    public void PartitionFor_an_unknown_topic_says_which_topic_is_not_configured()
    {
        var error = Assert.Throws<ArgumentException>(() => _publisher.PartitionFor("refunds", "order-1"));

        Assert.Contains("'refunds' is not configured", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PartitionFor_an_empty_key_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => _publisher.PartitionFor(Orders, ""));
    }

    public void Dispose()
    {
        _producer.Dispose();
        _broker.Dispose();
    }
}
