using System.Net;
using ActorViews.Streaming.Kafka.Placement;
using ActorViews.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Runtime.Placement;

namespace ActorViews.Streaming.Kafka.Tests.Providers;

/// <summary>
/// Where the placement director puts a <see cref="KafkaPartitionPlacement"/> grain: with the reader of its partition,
/// else wherever Orleans' default placement says (here a director that always answers the third silo).
/// </summary>
public sealed class PartitionPlacementDirectorTests
{
    private const int Partitions = 4;
    private readonly SiloAddress _reader = Silo(1);
    private readonly SiloAddress _other = Silo(2);
    private readonly SiloAddress _default = Silo(3);
    private readonly RecordedLogs _logs = new();
    private readonly Dictionary<string, string> _owners = [];
    private int _recordReads;

    [Fact]
    public async Task A_grain_goes_to_the_silo_reading_its_keys_partition()
    {
        var key = "JUMPERS";
        _owners[KafkaPartitionKey.Of("orders", KafkaPartitioner.PartitionFor(key, Partitions))] = _reader.ToParsableString();

        Assert.Equal(_reader, await PlaceAsync(Director(affinity: true), "orders", key));
    }

    [Fact]
    public async Task With_affinity_off_orleans_default_placement_decides()
    {
        var key = "JUMPERS";
        _owners[KafkaPartitionKey.Of("orders", KafkaPartitioner.PartitionFor(key, Partitions))] = _reader.ToParsableString();

        Assert.Equal(_default, await PlaceAsync(Director(affinity: false), "orders", key));
        Assert.Equal(0, _recordReads);
    }

    [Fact]
    public async Task An_owner_that_cannot_host_the_grain_or_no_owner_at_all_leaves_it_to_the_default()
    {
        _owners[KafkaPartitionKey.Of("orders", 1)] = Silo(9).ToParsableString();
        var director = Director(affinity: true);

        Assert.Equal(_default, await PlaceAsync(director, "orders", KafkaPartitionKey.Of("orders", 1)));
        Assert.Equal(_default, await PlaceAsync(director, "orders", KafkaPartitionKey.Of("orders", 2)));
    }

    [Fact]
    public async Task A_topic_no_provider_reads_is_placed_by_default_and_warned_about_once()
    {
        var director = Director(affinity: true);

        Assert.Equal(_default, await PlaceAsync(director, "ordres", "a"));
        Assert.Equal(_default, await PlaceAsync(director, "ordres", "b"));

        var warning = Assert.Single(_logs.WithEventId(1501));
        Assert.Contains("ordres", warning.Message, StringComparison.Ordinal);
    }

    private static SiloAddress Silo(int n) => SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 11110 + n), n);

    private static Task<SiloAddress> PlaceAsync(KafkaPartitionPlacementDirector director, string topic, string key) =>
        director.OnAddActivation(
            new KafkaPartitionPlacementAttribute(topic).PlacementStrategy,
            new PlacementTarget(GrainId.Create("probe", key), [], default, 0),
            new Context([Silo(1), Silo(2), Silo(3)]));

    private KafkaPartitionPlacementDirector Director(bool affinity)
    {
        var services = new ServiceCollection();
        services.AddSingleton<PlacementStrategy>(new RandomPlacement());
        services.AddKeyedSingleton<IPlacementDirector>(typeof(RandomPlacement), new FixedDirector(_default));
        services.AddSingleton<PlacementDirectorResolver>();
        var options = new KafkaStreamOptions { PartitionAffinity = affinity };
        options.AddTopic<string>("orders", Partitions);
        return new KafkaPartitionPlacementDirector(
            services.BuildServiceProvider(),
            [new KafkaPlacementProvider("kafka")],
            new NamedOptions(options),
            _ =>
            {
                Interlocked.Increment(ref _recordReads);
                return Task.FromResult(new Dictionary<string, string>(_owners));
            },
            _logs);
    }

    private sealed class FixedDirector(SiloAddress silo) : IPlacementDirector
    {
        public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context) => Task.FromResult(silo);
    }

    private sealed class Context(SiloAddress[] silos) : IPlacementContext
    {
        public SiloAddress LocalSilo => silos[0];

        public SiloStatus LocalSiloStatus => SiloStatus.Active;

        public SiloAddress[] GetCompatibleSilos(PlacementTarget target) => silos;

        public IReadOnlyDictionary<ushort, SiloAddress[]> GetCompatibleSilosWithVersions(PlacementTarget target) => new Dictionary<ushort, SiloAddress[]> { [0] = silos };
    }

    private sealed class NamedOptions(KafkaStreamOptions options) : IOptionsMonitor<KafkaStreamOptions>
    {
        public KafkaStreamOptions CurrentValue => options;

        public KafkaStreamOptions Get(string? name) => options;

        public IDisposable? OnChange(Action<KafkaStreamOptions, string?> listener) => null;
    }
}
