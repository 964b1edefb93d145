using ActorViews.Tests.Shared;

namespace ActorViews.Streaming.Kafka.Tests.Providers;

/// <summary>
/// Two receivers of one partition, as after a hand-over whose old owner is still running (resumed after a
/// pause, or shutting down late): the old owner must not move the committed offset, the new one commits.
/// </summary>
public sealed class PartitionOwnershipTests : IDisposable
{
    private const int Partition = 0;
    private const int FencedEventId = 1110;
    private readonly PartitionReceivers _receivers = new("ownership-tests");

    [Fact]
    public async Task A_stale_owners_commits_are_refused_with_a_log_line_and_the_new_owner_commits()
    {
        var offsets = await _receivers.ProduceAsync(Partition, count: 40);
        var oldLog = new RecordedLogs();
        var oldOwner = _receivers.CreateReceiver(Partition, oldLog);
        await oldOwner.Initialize(PartitionReceivers.Timeout);
        var oldReceived = await PartitionReceivers.ReceiveAsync(oldOwner, offsets.Count);
        await oldOwner.MessagesDeliveredAsync([.. oldReceived.Take(10)], CancellationToken.None);
        await Deadline.Until(() => _receivers.CommittedOffset(Partition) == 10, PartitionReceivers.Timeout, "the old owner to commit its first 10 deliveries");

        // The balancer hands the partition over while the old owner still runs.
        var newLog = new RecordedLogs();
        var newOwner = _receivers.CreateReceiver(Partition, newLog);
        await newOwner.Initialize(PartitionReceivers.Timeout);
        var newReceived = await PartitionReceivers.ReceiveAsync(newOwner, offsets.Count - 10);
        Assert.Equal(offsets.Skip(10), newReceived.Select(r => r.Token.SequenceNumber));
        await newOwner.MessagesDeliveredAsync([.. newReceived], CancellationToken.None);
        await Deadline.Until(() => _receivers.CommittedOffset(Partition) == 40, PartitionReceivers.Timeout, "the new owner to commit all 40 events");

        // The old owner finishes some of what it had read: committing 20 would move the offset back from 40.
        await oldOwner.MessagesDeliveredAsync([.. oldReceived.Skip(10).Take(10)], CancellationToken.None);
        await Deadline.Until(() => oldLog.Has(FencedEventId), PartitionReceivers.Timeout, "the old owner to log that it no longer owns the partition");
        Assert.Equal(40, _receivers.CommittedOffset(Partition));

        // Nor does its final flush on shutdown commit.
        await oldOwner.MessagesDeliveredAsync([.. oldReceived.Skip(20)], CancellationToken.None);
        await oldOwner.Shutdown(PartitionReceivers.Timeout);
        Assert.Equal(40, _receivers.CommittedOffset(Partition));
        var fenced = Assert.Single(oldLog.Entries, e => e.EventId == FencedEventId);
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Warning, fenced.Level);
        Assert.Contains($"{PartitionReceivers.Topic}-{Partition}", fenced.Message, StringComparison.Ordinal);

        // The new owner reads and commits on.
        var more = await _receivers.ProduceAsync(Partition, count: 5);
        var moreReceived = await PartitionReceivers.ReceiveAsync(newOwner, more.Count);
        Assert.Equal(more, moreReceived.Select(r => r.Token.SequenceNumber));
        await newOwner.MessagesDeliveredAsync([.. moreReceived], CancellationToken.None);
        await Deadline.Until(() => _receivers.CommittedOffset(Partition) == 45, PartitionReceivers.Timeout, "the new owner to commit the 5 later events");
        await newOwner.Shutdown(PartitionReceivers.Timeout);

        Assert.False(newLog.Has(FencedEventId), "the new owner must keep its claim");
        Assert.Equal(45, _receivers.CommittedOffset(Partition));
    }

    [Fact]
    public async Task Of_several_claims_the_newest_owns_the_partition()
    {
        // Claims are ordered by the owners group alone: each supersedes the one before, however many there are.
        var offsets = await _receivers.ProduceAsync(Partition, count: 3);
        var firstLog = new RecordedLogs();
        var first = _receivers.CreateReceiver(Partition, firstLog);
        await first.Initialize(PartitionReceivers.Timeout);
        var firstReceived = await PartitionReceivers.ReceiveAsync(first, offsets.Count);
        var second = _receivers.CreateReceiver(Partition, new RecordedLogs());
        await second.Initialize(PartitionReceivers.Timeout);
        await second.Shutdown(PartitionReceivers.Timeout);
        var thirdLog = new RecordedLogs();
        var third = _receivers.CreateReceiver(Partition, thirdLog);
        await third.Initialize(PartitionReceivers.Timeout);

        var received = await PartitionReceivers.ReceiveAsync(third, offsets.Count);
        await third.MessagesDeliveredAsync([.. received], CancellationToken.None);
        await Deadline.Until(() => _receivers.CommittedOffset(Partition) == 3, PartitionReceivers.Timeout, "the newest claimant to commit");
        await first.MessagesDeliveredAsync([.. firstReceived], CancellationToken.None);
        await Deadline.Until(() => firstLog.Has(FencedEventId), PartitionReceivers.Timeout, "the first claimant to find its claim superseded");
        await first.Shutdown(PartitionReceivers.Timeout);
        await third.Shutdown(PartitionReceivers.Timeout);

        Assert.False(thirdLog.Has(FencedEventId));
        Assert.Equal(3, _receivers.CommittedOffset(Partition));
    }

    [Fact]
    public async Task A_receiver_fenced_by_a_claimant_that_went_away_claims_its_partition_back_and_reads_on()
    {
        // Issue 13 item 4: a claim left by a receiver that started and shut down again (its silo stopping, or a
        // start attempt in flight during a hand-over) fenced the partition's owner, which then stopped for good.
        const int reclaimScheduled = 1005;
        _receivers.Options.ReclaimAfterFencedDelay = TimeSpan.FromMilliseconds(300);
        var offsets = await _receivers.ProduceAsync(Partition, count: 10);
        var ownerLog = new RecordedLogs();
        var owner = _receivers.CreateReceiver(Partition, ownerLog);
        await owner.Initialize(PartitionReceivers.Timeout);
        var received = await PartitionReceivers.ReceiveAsync(owner, offsets.Count);

        var leaving = _receivers.CreateReceiver(Partition, new RecordedLogs());
        await leaving.Initialize(PartitionReceivers.Timeout);
        await leaving.Shutdown(PartitionReceivers.Timeout);
        await owner.MessagesDeliveredAsync([.. received], CancellationToken.None);
        await Deadline.Until(() => ownerLog.Has(FencedEventId), PartitionReceivers.Timeout, "the owner to find its claim superseded");

        // Orleans still gives the owner the queue: it claims the partition back and redelivers from the committed offset.
        var more = await _receivers.ProduceAsync(Partition, count: 5);
        var redelivered = await PartitionReceivers.ReceiveAsync(owner, offsets.Count + more.Count);
        await owner.MessagesDeliveredAsync([.. redelivered], CancellationToken.None);
        await Deadline.Until(() => _receivers.CommittedOffset(Partition) == 15, PartitionReceivers.Timeout, () => $"the owner to commit all 15 events after claiming back; committed {_receivers.CommittedOffset(Partition)}");
        await owner.Shutdown(PartitionReceivers.Timeout);

        Assert.Equal([.. offsets, .. more], redelivered.Select(r => r.Token.SequenceNumber));
        var scheduled = Assert.Single(ownerLog.WithEventId(reclaimScheduled));
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Warning, scheduled.Level);
        Assert.Single(ownerLog.WithEventId(FencedEventId));
    }

    public void Dispose() => _receivers.Dispose();
}
