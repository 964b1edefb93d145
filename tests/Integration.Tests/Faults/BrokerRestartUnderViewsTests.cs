using ActorViews.EmbeddedKafka;
using ActorViews.Integration.Tests.Cluster;
using ActorViews.PostgreSql;
using ActorViews.Streaming.Kafka;
using ActorViews.Tests.Shared;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans.TestingHost;

namespace ActorViews.Integration.Tests.Faults;

/// <summary>
/// Views persisted in PostgreSQL outlive their broker: the embedded broker restarts empty (the consumer group's
/// offsets gone with it), and the new log's events, at offsets the views have already applied in the old log,
/// are applied rather than skipped as redeliveries; the reset is logged once and counted.
/// </summary>
[Collection(LogResetCollection.Name)]
public sealed class BrokerRestartUnderViewsTests
{
    private const string Topic = "ticks-log-reset";
    private static readonly string[] Keys = ["a", "b"];
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Events_of_a_restarted_empty_broker_are_applied_to_persisted_views_and_the_reset_is_logged_and_counted()
    {
        await using var postgres = await PostgresServer.StartNewAsync();
        var database = new NpgsqlConnectionStringBuilder(await postgres.CreateDatabaseAsync("log_reset")) { Pooling = true, MaxPoolSize = 8 }.ConnectionString;
        using var resets = new ProviderCounter("actorviews.kafka.log_resets", Topic, ("actorviews.log_reset.cause", "topic_id_changed"));
        var logs = new RecordedLogs();

        // The old log: each key's events 1..4 at offsets 0..7 of the topic's one partition.
        using (var broker = StartBroker())
        {
            var cluster = await StartSiloAsync(broker, database, logs);
            await ProduceAsync(broker, seqs: [1, 2, 3, 4]);
            await WaitForAsync(cluster, lastSeq: 4, "each view to apply events 1-4 of the first log");
            await cluster.DisposeAsync();
        }

        // The broker restarts empty: the new log starts again at offset 0, below every offset the views applied.
        using (var broker = StartBroker())
        {
            var cluster = await StartSiloAsync(broker, database, logs);
            await ProduceAsync(broker, seqs: [5, 6]);
            await WaitForAsync(cluster, lastSeq: 6, "each view to apply events 5-6 of the new log, not skip them as redeliveries");
            foreach (var key in Keys)
            {
                var ledger = await cluster.Client.GetGrain<ITickView>(key).GetAsync();
                Assert.Equal((6, 0, 0, 1), (ledger.Applied, ledger.Skipped, ledger.OutOfOrder, ledger.Offsets.LogResets));
            }

            await cluster.DisposeAsync();
        }

        // Both views adopted the new log; the partition's reset is one warning and one count.
        var warning = Assert.Single(logs.WithEventId(1400), e => e.Message.Contains(Topic, StringComparison.Ordinal));
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains($"Log reset on {Topic}-0: views found the new log", warning.Message, StringComparison.Ordinal);
        Assert.Equal(1, resets.Count);
    }

    private static EmbeddedKafkaBroker StartBroker()
    {
        var broker = EmbeddedKafkaBroker.Start();
        broker.CreateTopic(Topic, 1);
        broker.CreateTopic(Topic + ".dlq", 1);
        return broker;
    }

    private static async Task<InProcessTestCluster> StartSiloAsync(EmbeddedKafkaBroker broker, string database, RecordedLogs logs)
    {
        var builder = new InProcessTestClusterBuilder(1);

        // Stored state is keyed by service: the second silo reads the views the first one wrote.
        builder.Options.ServiceId = "log-reset";
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddSingleton<ILoggerProvider>(logs);
            silo.AddPostgresGrainStorage(ClusterFixture.Storage, database);
            silo.AddMemoryGrainStorage("PubSubStore");
            silo.AddKafkaStreams("kafka", kafka => kafka.ConfigureKafka(ob => ob.Configure(options =>
            {
                options.BootstrapServers = broker.BootstrapServers;
                options.ConsumerGroupId = "log-reset";
                options.CommitInterval = TimeSpan.FromMilliseconds(200);
                options.AddTopic<Tick>(Topic, 1).WithView<ITickView>();
            })));
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    private static async Task ProduceAsync(EmbeddedKafkaBroker broker, int[] seqs)
    {
        using var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = broker.BootstrapServers }).Build();
        foreach (var seq in seqs)
        {
            foreach (var key in Keys)
            {
                await producer.ProduceAsync(Topic, new Message<string, string> { Key = key, Value = $$"""{"key":"{{key}}","seq":{{seq}}}""" });
            }
        }
    }

    private static Task WaitForAsync(InProcessTestCluster cluster, int lastSeq, string expectation) =>
        Deadline.Until(
            async () =>
            {
                foreach (var key in Keys)
                {
                    if ((await cluster.Client.GetGrain<ITickView>(key).GetAsync()).LastSeq < lastSeq)
                    {
                        return false;
                    }
                }

                return true;
            },
            Timeout,
            expectation);
}
