using System.Globalization;
using System.Security.Cryptography;
using ActorViews.Integration.Tests.Cluster;
using ActorViews.Streaming.Kafka;
using ActorViews.Tests.Shared;
using Confluent.Kafka;

namespace ActorViews.Integration.Tests.Faults;

/// <summary>
/// Real PostgreSQL tells data it refuses for good (SQLSTATE classes 22, 23, 54) from an outage: the first is
/// dead-lettered with the reason and the partition moves on, the second is retried until the database is back.
/// </summary>
public sealed class PermanentRefusalTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_key_too_long_for_the_primary_key_index_is_dead_lettered_with_the_reason_and_the_partition_moves_on()
    {
        await using var cluster = await fixture.StartClusterAsync(silos: 1);

        // Random, so PostgreSQL cannot compress it under the btree's limit of about 2.7 KB per index row.
        var key = "long-" + RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz0123456789", 12_000);
        using var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = fixture.Broker.BootstrapServers, Partitioner = Partitioner.Murmur2 }).Build();
        var written = await producer.ProduceAsync(ClusterFixture.ViewTopic, new Message<string, string> { Key = key, Value = $$"""{"key":"{{key}}","seq":1}""" });

        var dead = DeadLetters.Read(fixture.Broker.BootstrapServers, ClusterFixture.ViewTopic + ".dlq", key, Timeout);
        Assert.Equal(written.Offset.Value.ToString(CultureInfo.InvariantCulture), dead.Headers[DeadLetterHeaders.SourceOffset]);
        Assert.Contains("SQLSTATE 54000", dead.Headers[DeadLetterHeaders.Reason], StringComparison.Ordinal);

        var partition = written.Partition.Value;
        await Deadline.Until(
            async () => (await ClusterFixture.StatusAsync(cluster)).Single(p => p.Topic == ClusterFixture.ViewTopic && p.Partition == partition).Lag == 0,
            Timeout,
            $"partition {partition} to be committed past the dead-lettered event instead of halting on it");
    }

    [Fact]
    public async Task A_NUL_the_jsonb_column_refuses_is_permanent_and_a_database_outage_is_transient()
    {
        await using var cluster = await fixture.StartClusterAsync(silos: 1);
        var note = cluster.Client.GetGrain<INoteView>("note-" + Guid.NewGuid().ToString("N")[..6]);
        await note.WriteAsync("before");

        var refused = await Assert.ThrowsAsync<ViewPersistenceException>(() => note.WriteAsync("a\u0000b"));
        Assert.True(refused.IsPermanent, $"a NUL that jsonb refuses should be permanent: {refused.Message}");
        Assert.Contains("SQLSTATE 22", refused.Message, StringComparison.Ordinal);
        Assert.Equal("before", await note.GetAsync());

        await fixture.Postgres.StopAsync();
        try
        {
            var outage = await Assert.ThrowsAsync<ViewPersistenceException>(() => note.WriteAsync("during the outage"));
            Assert.False(outage.IsPermanent, $"a database that is down should be transient: {outage.Message}");
        }
        finally
        {
            await fixture.Postgres.StartAsync();
        }

        await note.WriteAsync("after");
        Assert.Equal("after", await note.GetAsync());
    }
}
