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
