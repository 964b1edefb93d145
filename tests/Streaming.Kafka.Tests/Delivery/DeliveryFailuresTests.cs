using System.Data.Common;
using ActorViews.Streaming.Kafka.Delivery;
using Orleans.Storage;

namespace ActorViews.Streaming.Kafka.Tests.Delivery;

public sealed class DeliveryFailuresTests
{
    public static TheoryData<Exception> Infrastructure => new()
    {
        new TimeoutException("response did not arrive"),
        new SiloUnavailableException("silo is gone"),
        new InconsistentStateException("etag mismatch"),
        new TestDbException(),
        new IOException("broken pipe"),
        new AggregateException(new TimeoutException(), new SiloUnavailableException()),
        new InvalidOperationException("storage write failed", new TestDbException()),
        new ViewPersistenceException("Persisting the view failed: Npgsql.NpgsqlException: too many clients"),
        new Orleans.Serialization.CodecNotFoundException("Could not find a codec for type Npgsql.NpgsqlException."),
    };

    public static TheoryData<Exception> Logic => new()
    {
        new InvalidOperationException("the view rejects this event"),
        new ArgumentException("bad quantity"),
        new NullReferenceException(),
        new AggregateException(new TimeoutException(), new ArgumentException("bad")),
        new Orleans.Serialization.CodecNotFoundException("Could not find a codec for type MyApp.PriceRule."),
    };

    [Theory]
    [MemberData(nameof(Infrastructure))]
    public void Failures_of_the_cluster_or_storage_are_retried_not_dead_lettered(Exception failure)
    {
        Assert.True(DeliveryFailures.IsTransient(failure));
    }

    [Theory]
    [MemberData(nameof(Logic))]
    public void Failures_of_the_views_logic_count_towards_dead_lettering(Exception failure)
    {
        Assert.False(DeliveryFailures.IsTransient(failure));
    }

    private sealed class TestDbException() : DbException("connection refused");
}
