using ActorViews.EmbeddedKafka;
using ActorViews.PostgreSql;
using ActorViews.Streaming.Kafka;
using ActorViews.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Configuration;
using Orleans.TestingHost;

namespace ActorViews.Integration.Tests.Cluster;

/// <summary>One broker and one PostgreSQL for a test class; each test starts its own two-silo cluster on them.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public const string Storage = "views";
    public const string ViewTopic = "ticks";
    public const string StreamTopic = "ticks-streams";
    public const int Partitions = 8;

    private PostgresServer? _postgres;

    public EmbeddedKafkaBroker Broker { get; } = EmbeddedKafkaBroker.Start();

    public PostgresServer Postgres => _postgres ?? throw new InvalidOperationException("PostgreSQL has not started.");

    public async Task InitializeAsync()
    {
        foreach (var topic in new[] { ViewTopic, StreamTopic })
        {
            CreateTopicAndDeadLetters(topic);
        }

        _postgres = await PostgresServer.StartNewAsync();
    }

    /// <summary>Creates a hot-key topic for one test, to pass to <see cref="StartClusterAsync"/>.</summary>
    /// <remarks>
    /// Each cluster's consumer group is new and reads from the earliest offset: on a topic shared by the
    /// class's tests it would read the previous test's events too, and a test counting the events read would
    /// count those.
    /// </remarks>
    public string CreateHotTopic() => CreateTestTopic("ticks-hot-");

    /// <summary>Creates a topic (and its dead-letter topic) of its own for one test, named <paramref name="prefix"/> and a random suffix.</summary>
    public string CreateTestTopic(string prefix)
    {
        var topic = prefix + Guid.NewGuid().ToString("N")[..8];
        CreateTopicAndDeadLetters(topic);
        return topic;
    }

    public async Task DisposeAsync()
    {
        Broker.Dispose();
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
    }

    /// <summary>Starts a cluster of <paramref name="silos"/> silos with views in a fresh database.</summary>
    /// <param name="silos">How many silos.</param>
    /// <param name="commitInterval">How often offsets are committed; long to leave delivered events uncommitted.</param>
    /// <param name="maxConcurrentViewCalls">View calls each partition may have in flight; the provider's default when null.</param>
    /// <param name="hotTopic">A topic from <see cref="CreateHotTopic"/> to deliver to <see cref="IHotTickView"/>; none when null.</param>
    /// <param name="configure">More provider options a test needs (topics of its own), applied last.</param>
    public async Task<InProcessTestCluster> StartClusterAsync(int silos = 2, TimeSpan? commitInterval = null, int? maxConcurrentViewCalls = null, string? hotTopic = null, Action<KafkaStreamOptions>? configure = null)
    {
        // Pooled, and bounded well below PostgreSQL's 100 connections, however many grains activate at once.
        var database = new NpgsqlConnectionStringBuilder(await Postgres.CreateDatabaseAsync("cluster_" + Guid.NewGuid().ToString("N")[..10]))
        {
            Pooling = true,
            MaxPoolSize = 16,
        }.ConnectionString;
        var builder = new InProcessTestClusterBuilder((short)silos);
        builder.ConfigureSilo((_, silo) =>
        {
            // Declare a killed silo dead within seconds, so its partitions move while the test waits.
            silo.Configure<ClusterMembershipOptions>(o =>
            {
                o.ProbeTimeout = TimeSpan.FromSeconds(1);
                o.NumMissedProbesLimit = 2;
                o.NumVotesForDeathDeclaration = 1;
                o.TableRefreshTimeout = TimeSpan.FromSeconds(1);
            });
            silo.AddPostgresGroupCommitGrainStorage(Storage, database);
            silo.AddMemoryGrainStorage("PubSubStore");
            silo.AddKafkaStreams("kafka", kafka =>
            {
                // Orleans gives up on a stream event within seconds, so a poison event reaches the dead-letter topic quickly.
                kafka.ConfigurePullingAgent(ob => ob.Configure(o => o.MaxEventDeliveryTime = TimeSpan.FromSeconds(10)));
                kafka.ConfigureKafka(ob => ob.Configure(options =>
                {
                    Configure(options, database, commitInterval, maxConcurrentViewCalls, hotTopic);
                    configure?.Invoke(options);
                }));
            });
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    private void Configure(KafkaStreamOptions options, string database, TimeSpan? commitInterval, int? maxConcurrentViewCalls, string? hotTopic)
    {
        options.MaxConcurrentViewCalls = maxConcurrentViewCalls ?? options.MaxConcurrentViewCalls;
        options.BootstrapServers = Broker.BootstrapServers;
        options.ConsumerGroupId = "cluster-" + database;
        options.CommitInterval = commitInterval ?? TimeSpan.FromMilliseconds(200);
        options.RetryBackoff = TimeSpan.FromMilliseconds(50);
        options.AddTopic<Tick>(ViewTopic, Partitions).WithView<ITickView>();
        options.AddTopic<Tick>(StreamTopic, Partitions);
        if (hotTopic is not null)
        {
            options.AddTopic<Tick>(hotTopic, Partitions).WithView<IHotTickView>();
        }
    }

    private void CreateTopicAndDeadLetters(string topic)
    {
        Broker.CreateTopic(topic, Partitions);
        Broker.CreateTopic(topic + ".dlq", Partitions);
    }

    /// <summary>The partition status as a silo of <paramref name="cluster"/> reports it.</summary>
    public static Task<IReadOnlyList<KafkaPartitionStatus>> StatusAsync(InProcessTestCluster cluster) =>
        cluster.GetSiloServiceProvider(cluster.Silos[0].SiloAddress).GetRequiredService<IKafkaStreamStatus>().GetPartitionsAsync();
}
