using ActorViews.Streaming.Kafka.Diagnostics;
using ActorViews.Tests.Shared;
using Microsoft.Extensions.Logging.Abstractions;

namespace ActorViews.Streaming.Kafka.Tests.Delivery;

public sealed class AppliedOffsetsTests
{
    [Fact]
    public void A_redelivered_batch_yields_only_what_was_not_applied()
    {
        var offsets = new AppliedOffsets();
        offsets.TakeNew(Batch("log-a", 0, 1, 2));

        var fresh = offsets.TakeNew(Batch("log-a", 1, 2, 3, 4));

        Assert.Equal([3L, 4L], fresh.Select(e => e.Offset));
        Assert.Equal(4, offsets.Get("t", 0));
        Assert.Equal(0, offsets.LogResets);
    }

    [Fact]
    public void A_replaced_log_is_adopted_and_counted_instead_of_skipped_as_redelivery()
    {
        var offsets = new AppliedOffsets();
        offsets.TakeNew(Batch("log-a", 0, 1, 2, 3, 4, 5));

        // The topic was recreated: offsets start again from 0 in a log with another identity.
        var fresh = offsets.TakeNew(Batch("log-b", 0, 1));

        Assert.Equal([0L, 1L], fresh.Select(e => e.Offset));
        Assert.Equal(1, offsets.LogResets);
        Assert.Equal(new LogReset("t", 0, "log-b", "a view had applied up to offset 5 of the log log-a"), Assert.Single(offsets.TakeLogResets()));
        Assert.Empty(offsets.TakeLogResets());
        Assert.Equal("log-b", offsets.Logs["t/0"]);
        Assert.Empty(offsets.TakeNew(Batch("log-b", 1)));
    }

    [Fact]
    public void Many_views_adopting_one_new_log_count_one_log_reset_of_the_partition()
    {
        using var resets = new ProviderCounter("actorviews.kafka.log_resets", "t", ("actorviews.log_reset.cause", "topic_id_changed"));
        var views = Enumerable.Range(0, 3).Select(_ => new AppliedOffsets()).ToList();
        var oldLog = $"log-{Guid.NewGuid():N}";
        var newLog = $"log-{Guid.NewGuid():N}";
        views.ForEach(v => v.TakeNew(Batch(oldLog, 0, 1, 2)));

        var reporter = new KafkaLogResetReporter(NullLogger<KafkaLogResetReporter>.Instance);
        views.ForEach(v => v.TakeNew(Batch(newLog, 0)));
        views.ForEach(v => v.TakeNew(Batch(newLog, 1)));

        // AppliedOffsets only returns its resets; the caller hands them to the provider, which counts the partition's once.
        Assert.Equal(0, resets.Count);
        views.ForEach(v => v.ReportLogResets(reporter));

        Assert.All(views, v => Assert.Equal(1, v.LogResets));
        Assert.Equal(1, resets.Count);
    }

    [Fact]
    public void Without_a_log_identity_offsets_alone_decide()
    {
        var offsets = new AppliedOffsets();
        offsets.TakeNew(Batch("", 0, 1));

        Assert.Empty(offsets.TakeNew(Batch("", 0, 1)));
        Assert.Equal(0, offsets.LogResets);
    }

    [Fact]
    public void Partitions_are_tracked_separately()
    {
        var offsets = new AppliedOffsets();
        offsets.TryAdvance("t", 0, 10);

        Assert.True(offsets.TryAdvance("t", 1, 3));
        Assert.False(offsets.TryAdvance("t", 0, 10));
        Assert.True(offsets.IsNew("t", 0, 11));
    }

    private static KafkaEventBatch<string> Batch(string logId, params long[] offsets) =>
        new("t", 0, [.. offsets.Select(o => new KafkaEvent<string>(o, DateTimeOffset.UnixEpoch, $"e{o}"))], logId);
}
