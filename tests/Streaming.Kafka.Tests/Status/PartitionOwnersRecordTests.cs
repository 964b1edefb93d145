using ActorViews.Streaming.Kafka.Status;

namespace ActorViews.Streaming.Kafka.Tests.Status;

/// <summary>
/// The owners record after a silo hung, was declared dead, and ran for a moment when resumed: its claims then
/// must not hide the live reader, which re-claims with refreshes that otherwise never overwrite.
/// </summary>
public sealed class PartitionOwnersRecordTests
{
    private const string Live = "127.0.0.1:11111@1";
    private const string Resumed = "127.0.0.1:22222@1";
    private readonly HashSet<string> _dead = new(StringComparer.Ordinal);

    [Fact]
    public void A_claim_by_a_silo_declared_dead_is_ignored_and_the_live_readers_stays()
    {
        var record = new PartitionOwnersRecord(_dead.Contains);
        record.Claim("orders", 3, Live);
        _dead.Add(Resumed);

        record.Claim("orders", 3, Resumed);
        record.Refresh("orders", 4, Resumed);

        Assert.Equal(new Dictionary<string, string> { ["orders/3"] = Live }, record.Owners());
    }

    [Fact]
    public void A_refresh_replaces_a_claim_whose_silo_was_declared_dead_since_but_never_a_live_readers()
    {
        var record = new PartitionOwnersRecord(_dead.Contains);
        record.Claim("orders", 3, Resumed);
        record.Refresh("orders", 3, Live);
        Assert.Equal(Resumed, record.Owners()["orders/3"]);

        _dead.Add(Resumed);
        record.Refresh("orders", 3, Live);

        Assert.Equal(Live, record.Owners()["orders/3"]);
    }

    [Fact]
    public void A_release_forgets_only_the_silo_that_is_recorded()
    {
        var record = new PartitionOwnersRecord(_dead.Contains);
        record.Claim("orders", 3, Live);

        record.Release("orders", 3, Resumed);
        Assert.Equal(Live, record.Owners()["orders/3"]);
        record.Release("orders", 3, Live);

        Assert.Empty(record.Owners());
    }
}
