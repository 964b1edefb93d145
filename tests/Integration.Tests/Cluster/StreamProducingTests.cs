using System.Text.Json;
using ActorViews.EmbeddedKafka;
using ActorViews.Integration.Tests.Replay;
using ActorViews.Streaming.Kafka;
using Orleans.TestingHost;

namespace ActorViews.Integration.Tests.Cluster;

/// <summary>
/// Events an Orleans client writes to a Kafka stream land where any Kafka consumer expects them: keyed by
/// the stream key, in the partition Kafka's partitioner picks for it, as camelCase JSON with a type header.
/// </summary>
public sealed class StreamProducingTests : IAsyncLifetime
{
    private const string Topic = "meter-events";
    private const int Partitions = 4;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly EmbeddedKafkaBroker _broker = EmbeddedKafkaBroker.Start();
    private InProcessTestCluster? _cluster;

    public async Task InitializeAsync()
    {
        _broker.CreateTopic(Topic, Partitions);
        _broker.CreateTopic(Topic + ".dlq", Partitions);
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddMemoryGrainStorage("PubSubStore");
            silo.AddKafkaStreams("kafka", Configure);
        });
        builder.ConfigureClient(client => client.AddKafkaStreams("kafka", Configure));
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }

        _broker.Dispose();
    }

    [Fact]
    public async Task A_clients_stream_events_reach_the_topic_keyed_partitioned_typed_and_as_camelCase_json()
    {
        // Two meters in different partitions, so the partition check cannot pass by chance.
        var meters = Enumerable.Range(0, 50).Select(i => $"meter-{i}").GroupBy(k => KafkaPartitioner.PartitionFor(k, Partitions)).Take(2).Select(g => g.First()).ToList();
        var provider = _cluster!.Client.GetStreamProvider("kafka");
        foreach (var meter in meters)
        {
            var stream = provider.GetStream<MeterEvent>(StreamId.Create(Topic, meter));
            await stream.OnNextAsync(new MeterRead(meter, 42.5m));
            await stream.OnNextAsync(new MeterReset(meter, "replaced"));
        }

        var records = TopicReader.ReadAll(_broker.BootstrapServers, Topic, Partitions, Timeout);

        Assert.Equal(4, records.Count);
        foreach (var meter in meters)
        {
            var written = records.Where(r => r.Key == meter).ToList();
            Assert.Equal(["meter-read", "meter-reset"], written.Select(r => r.Header("type")));
            Assert.All(written, r => Assert.Equal($"{Topic}/{KafkaPartitioner.PartitionFor(meter, Partitions)}", r.Position[..r.Position.LastIndexOf('/')]));

            using var read = JsonDocument.Parse(written[0].Value);
            Assert.Equal(meter, read.RootElement.GetProperty("meter").GetString());
            Assert.Equal(42.5m, read.RootElement.GetProperty("kilowattHours").GetDecimal());
            using var reset = JsonDocument.Parse(written[1].Value);
            Assert.Equal("replaced", reset.RootElement.GetProperty("reason").GetString());
            Assert.False(reset.RootElement.TryGetProperty("Reason", out _), "property names should be camelCase");
        }
    }

    private void Configure(KafkaStreamOptions options)
    {
        options.BootstrapServers = _broker.BootstrapServers;
        options.ConsumerGroupId = "stream-producing-tests";
        options.AddTopic<MeterEvent>(Topic, Partitions)
            .WithEventType<MeterRead>("meter-read")
            .WithEventType<MeterReset>("meter-reset");
    }
}

/// <summary>A test event about one electricity meter.</summary>
[GenerateSerializer]
public abstract record MeterEvent([property: Id(0)] string Meter);

/// <summary>A meter reading.</summary>
[GenerateSerializer, Immutable]
public sealed record MeterRead(string Meter, [property: Id(0)] decimal KilowattHours) : MeterEvent(Meter);

/// <summary>A meter set back to zero.</summary>
[GenerateSerializer, Immutable]
public sealed record MeterReset(string Meter, [property: Id(0)] string Reason) : MeterEvent(Meter);
