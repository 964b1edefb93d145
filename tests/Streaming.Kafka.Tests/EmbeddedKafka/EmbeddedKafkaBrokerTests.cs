using System.Net.Sockets;
using ActorViews.EmbeddedKafka;
using Confluent.Kafka;
using ErrorCode = Confluent.Kafka.ErrorCode;

using ActorViews.Tests.Shared;

namespace ActorViews.Streaming.Kafka.Tests.EmbeddedKafka;

public sealed class EmbeddedKafkaBrokerTests
{
    [Fact]
    public async Task Keyed_messages_round_trip_over_tcp_in_partition_order()
    {
        using var broker = EmbeddedKafkaBroker.Start();
        broker.CreateTopic("orders", 4);

        const int Messages = 200;
        using (var producer = KafkaClients.Producer(broker.BootstrapServers))
        {
            for (var i = 0; i < Messages; i++)
            {
                producer.Produce("orders", new Message<string, string> { Key = $"order-{i % 20}", Value = i.ToString() });
            }

            Assert.Equal(0, producer.Flush(Deadline.Default));
        }

        var received = await Task.Run(() =>
            KafkaClients.ConsumeFromBeginning(broker.BootstrapServers, "orders", 4, Messages, Deadline.Default));

        Assert.Equal(Enumerable.Range(0, Messages), received.Select(r => int.Parse(r.Message.Value)).Order());
        Assert.True(received.Select(r => r.Partition.Value).Distinct().Count() > 1, "Keys should spread over partitions.");
        foreach (var byKey in received.GroupBy(r => r.Message.Key))
        {
            Assert.Single(byKey.Select(r => r.Partition.Value).Distinct());
        }

        foreach (var byPartition in received.GroupBy(r => r.Partition.Value))
        {
            var values = byPartition.Select(r => int.Parse(r.Message.Value)).ToList();
            Assert.Equal(values.Order(), values);
        }
    }

    [Fact]
    public void Metadata_shows_the_created_topic_with_its_partitions()
    {
        using var broker = EmbeddedKafkaBroker.Start();
        broker.CreateTopic("orders", 4);

        using var admin = KafkaClients.Admin(broker.BootstrapServers);
        var topic = Assert.Single(admin.GetMetadata("orders", Deadline.Default).Topics);

        Assert.Equal(ErrorCode.NoError, topic.Error.Code);
        Assert.Equal([0, 1, 2, 3], topic.Partitions.Select(p => p.PartitionId).Order());
    }

    [Fact]
    public async Task Every_topic_has_a_topic_id_and_a_restarted_broker_gives_it_a_new_one()
    {
        // Views tell a replaced log from redelivery by this ID: the mock cluster must assign one.
        var first = await TopicIdAsync();
        var again = await TopicIdAsync();

        Assert.NotEqual((0L, 0L), first);
        Assert.NotEqual((0L, 0L), again);
        Assert.NotEqual(first, again);

        static async Task<(long, long)> TopicIdAsync()
        {
            using var broker = EmbeddedKafkaBroker.Start();
            broker.CreateTopic("orders", 2);
            using var admin = KafkaClients.Admin(broker.BootstrapServers);
            var described = await admin.DescribeTopicsAsync(TopicCollection.OfTopicNames(["orders"]), new() { RequestTimeout = Deadline.Default });
            var id = Assert.Single(described.TopicDescriptions).TopicId;
            Assert.NotNull(id);
            return (id.MostSignificantBits, id.LeastSignificantBits);
        }
    }

    [Fact]
    public void Creating_a_topic_again_is_harmless()
    {
        using var broker = EmbeddedKafkaBroker.Start();
        broker.CreateTopic("orders", 3);
        broker.CreateTopic("orders", 3);

        using var admin = KafkaClients.Admin(broker.BootstrapServers);
        Assert.Equal(3, Assert.Single(admin.GetMetadata("orders", Deadline.Default).Topics).Partitions.Count);
    }

    [Fact]
    public void Bad_topic_arguments_are_rejected()
    {
        using var broker = EmbeddedKafkaBroker.Start();
        broker.CreateTopic("orders", 3);

        Assert.Throws<ArgumentNullException>(() => broker.CreateTopic(null!, 1));
        Assert.Throws<ArgumentException>(() => broker.CreateTopic("", 1));
        Assert.Throws<ArgumentException>(() => broker.CreateTopic("has space", 1));
        Assert.Throws<ArgumentException>(() => broker.CreateTopic(new string('t', 250), 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => broker.CreateTopic("zero", 0));
        var conflict = Assert.Throws<InvalidOperationException>(() => broker.CreateTopic("orders", 5));
        Assert.Contains("3 partition(s)", conflict.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => broker.SetBrokerDown(2));
        Assert.Throws<ArgumentOutOfRangeException>(() => EmbeddedKafkaBroker.Start(0));
    }

    [Fact]
    public void Brokers_are_numbered_from_one_and_each_has_an_address()
    {
        using var broker = EmbeddedKafkaBroker.Start(brokers: 3);

        Assert.Equal([1, 2, 3], broker.BrokerIds);
        Assert.Equal(3, broker.BootstrapServers.Split(',').Distinct().Count());

        using var admin = KafkaClients.Admin(broker.BootstrapServers);
        Assert.Equal([1, 2, 3], admin.GetMetadata(Deadline.Default).Brokers.Select(b => b.BrokerId).Order());
    }

    [Fact]
    public void Two_brokers_in_one_process_are_independent()
    {
        using var first = EmbeddedKafkaBroker.Start();
        using var second = EmbeddedKafkaBroker.Start();
        first.CreateTopic("only-first", 2);
        second.CreateTopic("only-second", 2);

        Assert.NotEqual(first.BootstrapServers, second.BootstrapServers);
        Assert.Equal(["only-first"], TopicNames(first));
        Assert.Equal(["only-second"], TopicNames(second));

        static IEnumerable<string> TopicNames(EmbeddedKafkaBroker broker)
        {
            using var admin = KafkaClients.Admin(broker.BootstrapServers);
            return admin.GetMetadata(Deadline.Default).Topics.Select(t => t.Topic).ToList();
        }
    }

    [Fact]
    public async Task Dispose_closes_the_listeners_and_is_safe_twice()
    {
        var broker = EmbeddedKafkaBroker.Start(brokers: 2);
        var endpoints = broker.BootstrapServers.Split(',');

        broker.Dispose();
        broker.Dispose();

        Assert.Throws<ObjectDisposedException>(() => broker.CreateTopic("late", 1));
        Assert.Throws<ObjectDisposedException>(() => broker.SetAllBrokersDown());
        foreach (var endpoint in endpoints)
        {
            var port = int.Parse(endpoint.Split(':')[1]);
            using var client = new TcpClient();
            await Assert.ThrowsAnyAsync<SocketException>(() => client.ConnectAsync("127.0.0.1", port));
        }
    }

    [Fact]
    public void The_bootstrap_file_holds_the_bootstrap_servers()
    {
        using var broker = EmbeddedKafkaBroker.Start();
        var directory = Directory.CreateTempSubdirectory("embedded-kafka-");
        try
        {
            var path = Path.Combine(directory.FullName, "nested", "bootstrap.txt");
            File.WriteAllText(Path.Combine(directory.FullName, "stale"), "x");

            broker.WriteBootstrapFile(path);
            broker.WriteBootstrapFile(path);

            Assert.Equal(broker.BootstrapServers, File.ReadAllText(path).Trim());
            Assert.Equal([path], Directory.GetFiles(Path.GetDirectoryName(path)!));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
