using ActorViews.Streaming.Kafka.Delivery;
using ActorViews.Streaming.Kafka.Diagnostics;
using ActorViews.Tests.Shared;
using Microsoft.Extensions.Logging;

namespace ActorViews.Streaming.Kafka.Tests.Delivery;

/// <summary>
/// A log whose head is gone is never read silently. The embedded broker cannot delete a log's head (it has
/// no retention), so these tests hand the check the first offset a real broker would report after retention.
/// </summary>
public sealed class TruncatedLogHeadTests
{
    private readonly RecordedLogs _logs = new();

    [Fact]
    public void Reading_from_the_start_of_a_log_that_no_longer_starts_at_0_is_a_warning_naming_topic_partition_and_first_offset()
    {
        Assert.True(TruncatedLogHead.Check("orders", 3, committed: null, firstOffset: 1200, _logs));

        var warning = Assert.Single(_logs.WithEventId(1006));
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("orders-3 starts at offset 1200, not 0", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_committed_offset_the_log_deleted_says_how_many_events_were_missed()
    {
        Assert.True(TruncatedLogHead.Check("orders", 0, committed: 1000, firstOffset: 1200, _logs));

        var warning = Assert.Single(_logs.WithEventId(1007));
        Assert.Contains("past the committed offset 1000: 200 events were deleted", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_new_view_reading_the_history_of_a_truncated_log_is_a_warning_and_the_live_views_are_not()
    {
        // order-view is live at 1500; audit-view is new and reads the history from the first offset left, 1200.
        var starts = ViewStartRule.Resolve(1500, low: 1200, high: 2000, ["order-view", "audit-view"], [ViewStart.Beginning, ViewStart.Beginning], new Dictionary<string, long> { ["order-view"] = 1500 });

        Assert.True(TruncatedLogHead.CheckCatchUps("orders", 3, starts, firstOffset: 1200, _logs));

        var warning = Assert.Single(_logs.Entries);
        Assert.Equal(1006, warning.EventId);
        Assert.Contains("orders-3 starts at offset 1200, not 0", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_catch_up_resuming_below_the_logs_first_offset_says_how_many_events_it_missed()
    {
        var starts = ViewStartRule.Resolve(1500, low: 1200, high: 2000, ["order-view", "audit-view"], [ViewStart.Beginning, ViewStart.Beginning], new Dictionary<string, long> { ["order-view"] = 1500, ["audit-view"] = 1000 });

        Assert.True(TruncatedLogHead.CheckCatchUps("orders", 3, starts, firstOffset: 1200, _logs));

        Assert.Contains("past the committed offset 1000: 200 events were deleted", Assert.Single(_logs.WithEventId(1007)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Views_that_start_live_or_read_a_whole_log_are_no_warning()
    {
        var starts = ViewStartRule.Resolve(1500, low: 0, high: 2000, ["order-view", "audit-view"], [ViewStart.Beginning, ViewStart.End], new Dictionary<string, long> { ["order-view"] = 1500 });

        Assert.False(TruncatedLogHead.CheckCatchUps("orders", 3, starts, firstOffset: 0, _logs));
        Assert.Empty(_logs.Entries);
    }

    [Theory]
    [InlineData(null, 0L)]
    [InlineData(1200L, 1200L)]
    [InlineData(1500L, 1200L)]
    public void A_whole_log_or_a_committed_offset_within_it_is_read_without_a_warning(long? committed, long firstOffset)
    {
        Assert.False(TruncatedLogHead.Check("orders", 0, committed, firstOffset, _logs));

        Assert.Empty(_logs.Entries);
    }
}
