using System.Globalization;
using System.Text.Json;
using ActorViews.EmbeddedKafka;
using ActorViews.Integration.Tests.Durability;
using ActorViews.Streaming.Kafka;
using ActorViews.Tests.Shared;
using Confluent.Kafka;
using Orleans.TestingHost;

namespace ActorViews.Integration.Tests.Replay;

/// <summary>
/// <c>actorviews replay</c> end to end: a view rejects some deposits, the provider dead-letters them, the view
/// is fixed, and the CLI (run as a process) writes them back so the view applies them, once.
/// </summary>
public sealed class ReplayCommandTests : IAsyncLifetime
{
    private const string Topic = "replay-deposits";
    private const string DeadLetterTopic = Topic + ".dlq";
    private const string AuditTopic = "replay-audit";
    private const int Partitions = 2;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly EmbeddedKafkaBroker _broker = EmbeddedKafkaBroker.Start();
    private readonly ProviderCounter _deadLettered = new("actorviews.kafka.events.dead_lettered", Topic);
    private InProcessTestCluster? _cluster;

    private InProcessTestCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster has not started.");

    public async Task InitializeAsync()
    {
        DepositRules.Fixed = false;
        foreach (var topic in new[] { Topic, DeadLetterTopic, AuditTopic })
        {
            _broker.CreateTopic(topic, Partitions);
        }

        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddMemoryGrainStorage("PubSubStore");
            silo.AddKafkaStreams("kafka", kafka => kafka.ConfigureKafka(ob => ob.Configure(options =>
            {
                options.BootstrapServers = _broker.BootstrapServers;
                options.ConsumerGroupId = "replay-tests";
                options.CommitInterval = TimeSpan.FromMilliseconds(200);
                options.RetryBackoff = TimeSpan.FromMilliseconds(50);
                options.AddTopic<Deposit>(Topic, Partitions).WithView<IAccountView>();
            })));
        });
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }

        _deadLettered.Dispose();
        _broker.Dispose();
    }

    [Fact]
    public async Task Dead_letters_go_back_to_their_topic_once_after_the_fix_and_the_view_applies_them()
    {
        using var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = _broker.BootstrapServers, Partitioner = Partitioner.Murmur2Random }).Build();
        await ProduceAsync(producer, Topic, "acc-1", new Deposit("acc-1", 10, "EUR"));
        var overLimit = await ProduceAsync(producer, Topic, "acc-1", new Deposit("acc-1", 5000, "EUR"), new Headers { { "trace-id", "t-1"u8.ToArray() } });
        var unknownCurrency = await ProduceAsync(producer, Topic, "acc-2", new Deposit("acc-2", 7, "XYZ"));
        await ProduceAsync(producer, Topic, "acc-1", new Deposit("acc-1", 20, "EUR"));

        await Deadline.Until(async () => await BalanceAsync("acc-1") == 30, Timeout, "acc-1 to apply its two good deposits (30) around the rejected one");
        await Deadline.Until(() => Task.FromResult(_deadLettered.Count == 2), Timeout, () => $"the provider to count two dead letters of {Topic}; it counted {_deadLettered.Count}");
        var deadLetters = TopicReader.ReadAll(_broker.BootstrapServers, DeadLetterTopic, Partitions, Timeout);
        Assert.Equal(2, deadLetters.Count);

        // A dead letter from elsewhere that does not say where it came from: reported, never dropped silently.
        var anonymous = await producer.ProduceAsync(DeadLetterTopic, new Message<string, string>
        {
            Key = "acc-3",
            Value = Json(new Deposit("acc-3", 1, "EUR")),
            Headers = new Headers { { DeadLetterHeaders.Reason, "written by hand"u8.ToArray() } },
        });
        var anonymousPosition = $"{DeadLetterTopic}/{anonymous.Partition.Value}/{anonymous.Offset.Value}";
        var sourceBefore = TopicReader.ReadAll(_broker.BootstrapServers, Topic, Partitions, Timeout).Count;

        var dryRun = await ReplayAsync("--dry-run");
        Assert.True(dryRun.ExitCode == 0, $"the dry run failed ({dryRun.ExitCode}): {dryRun.Errors}");
        Assert.Contains("would replay 2, skipped 0 by filter, skipped 1 without a source topic", dryRun.Output, StringComparison.Ordinal);
        Assert.Contains(anonymousPosition, dryRun.Errors, StringComparison.Ordinal);
        Assert.Equal(sourceBefore, TopicReader.ReadAll(_broker.BootstrapServers, Topic, Partitions, Timeout).Count);

        // A filtered replay elsewhere, on its own group: only the currency problem, to the audit topic.
        var filtered = await ReplayAsync("--reason-contains", "UNKNOWN CURRENCY", "--to", AuditTopic, "--group", "audit");
        Assert.True(filtered.ExitCode == 0, $"the filtered replay failed ({filtered.ExitCode}): {filtered.Errors}");
        Assert.Contains("replayed 1, skipped 2 by filter, skipped 0 without a source topic", filtered.Output, StringComparison.Ordinal);
        var audited = Assert.Single(TopicReader.ReadAll(_broker.BootstrapServers, AuditTopic, Partitions, Timeout));
        Assert.Equal("acc-2", audited.Key);
        Assert.Equal(Json(new Deposit("acc-2", 7, "XYZ")), audited.Value);

        DepositRules.Fixed = true;
        var replay = await ReplayAsync();
        Assert.True(replay.ExitCode == 0, $"the replay failed ({replay.ExitCode}): {replay.Errors}");
        Assert.Contains("replayed 2, skipped 0 by filter, skipped 1 without a source topic", replay.Output, StringComparison.Ordinal);
        Assert.Contains($"  {Topic}: 2", replay.Output, StringComparison.Ordinal);
        Assert.Contains(anonymousPosition, replay.Errors, StringComparison.Ordinal);

        var replayed = TopicReader.ReadAll(_broker.BootstrapServers, Topic, Partitions, Timeout)
            .Where(r => r.Header(DeadLetterHeaders.ReplayedFrom) is not null)
            .OrderBy(r => r.Key, StringComparer.Ordinal)
            .ToList();
        Assert.Equal(["acc-1", "acc-2"], replayed.Select(r => r.Key));
        Assert.Equal(Json(new Deposit("acc-1", 5000, "EUR")), replayed[0].Value);
        Assert.Equal(Json(new Deposit("acc-2", 7, "XYZ")), replayed[1].Value);
        Assert.Equal("t-1", replayed[0].Header("trace-id"));
        Assert.All(replayed, r => Assert.DoesNotContain(r.Headers, h => h.Key.StartsWith(DeadLetterHeaders.Prefix, StringComparison.Ordinal)));
        Assert.Equal(
            deadLetters.OrderBy(d => d.Key, StringComparer.Ordinal).Select(d => d.Position),
            replayed.Select(r => r.Header(DeadLetterHeaders.ReplayedFrom)));
        Assert.Equal(
            [Offset(overLimit), Offset(unknownCurrency)],
            deadLetters.OrderBy(d => d.Key, StringComparer.Ordinal).Select(d => d.Header(DeadLetterHeaders.SourceOffset)));

        await Deadline.Until(async () => await BalanceAsync("acc-1") == 5030, Timeout, "acc-1 to apply the replayed deposit of 5000 (5030)");
        await Deadline.Until(async () => await BalanceAsync("acc-2") == 7, Timeout, "acc-2 to apply the replayed deposit of 7");

        var again = await ReplayAsync();
        Assert.True(again.ExitCode == 0, $"the second replay failed ({again.ExitCode}): {again.Errors}");
        Assert.Contains("replayed 0, skipped 0 by filter, skipped 0 without a source topic", again.Output, StringComparison.Ordinal);
        Assert.Equal(sourceBefore + 2, TopicReader.ReadAll(_broker.BootstrapServers, Topic, Partitions, Timeout).Count);
        Assert.Equal(2, _deadLettered.Count);
    }

    private Task<CliRun> ReplayAsync(params string[] options) =>
        CliRun.RunAsync(["replay", "--bootstrap-servers", _broker.BootstrapServers, "--topic", DeadLetterTopic, .. options]);

    private async Task<decimal> BalanceAsync(string account) => await Cluster.Client.GetGrain<IAccountView>(account).GetBalanceAsync();

    private static async Task<TopicPartitionOffset> ProduceAsync(IProducer<string, string> producer, string topic, string key, Deposit deposit, Headers? headers = null) =>
        (await producer.ProduceAsync(topic, new Message<string, string> { Key = key, Value = Json(deposit), Headers = headers })).TopicPartitionOffset;

    private static string Json(Deposit deposit) => JsonSerializer.Serialize(deposit, JsonEventSerializer.Options);

    private static string Offset(TopicPartitionOffset position) => position.Offset.Value.ToString(CultureInfo.InvariantCulture);
}
