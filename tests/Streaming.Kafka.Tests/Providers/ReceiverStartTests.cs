using ActorViews.Tests.Shared;
using Microsoft.Extensions.Logging;

namespace ActorViews.Streaming.Kafka.Tests.Providers;

/// <summary>
/// Orleans calls a receiver's Initialize once and then polls it as if it had started, so a receiver that
/// cannot reach the broker must keep trying by itself.
/// </summary>
public sealed class ReceiverStartTests : IDisposable
{
    private const int Partition = 1;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(1);
    private readonly PartitionReceivers _receivers = new("start-tests");

    [Fact]
    public async Task A_receiver_initialized_while_the_broker_is_down_reads_once_it_is_back()
    {
        var offsets = await _receivers.ProduceAsync(Partition, count: 20);
        _receivers.Broker.SetAllBrokersDown();
        var log = new RecordedLogs();
        var receiver = _receivers.CreateReceiver(Partition, log);

        await receiver.Initialize(StartTimeout);

        Assert.False(receiver.Started);
        Assert.Empty(await receiver.GetQueueMessagesAsync(100, CancellationToken.None));
        var failure = Assert.Single(log.Entries, e => e.EventId == 1010);
        Assert.Equal(LogLevel.Warning, failure.Level);

        // Not read at all, and visibly so.
        var condition = Assert.Single(_receivers.Registry.Conditions());
        Assert.Equal((PartitionReceivers.Topic, Partition, PartitionCondition.StartFailing), (condition.Topic, condition.Partition, condition.Condition));
        Assert.StartsWith("the receiver cannot start", condition.Reason, StringComparison.Ordinal);

        _receivers.Broker.SetAllBrokersUp();
        var received = await PartitionReceivers.ReceiveAsync(receiver, offsets.Count);
        await receiver.MessagesDeliveredAsync([.. received], CancellationToken.None);
        await Deadline.Until(() => _receivers.CommittedOffset(Partition) == 20, PartitionReceivers.Timeout, "the late-started receiver to commit what it delivered");
        Assert.Equal(PartitionCondition.Reading, Assert.Single(_receivers.Registry.Conditions()).Condition);
        await receiver.Shutdown(PartitionReceivers.Timeout);

        Assert.Equal(offsets, received.Select(r => r.Token.SequenceNumber));
        Assert.Empty(_receivers.Registry.Conditions());
        Assert.True(log.Has(1012), "the receiver should log that it started after retrying");
        Assert.Equal(1, log.Entries.Count(e => e.EventId == 1010 && e.Level == LogLevel.Warning));
    }

    [Fact]
    public async Task Shutting_down_a_receiver_still_retrying_its_start_ends_the_retries()
    {
        _receivers.Broker.SetAllBrokersDown();
        var log = new RecordedLogs();
        var receiver = _receivers.CreateReceiver(Partition, log);
        await receiver.Initialize(StartTimeout);

        await Deadline.Within(receiver.Shutdown(StartTimeout), PartitionReceivers.Timeout, "shutdown to end the start retries");
        var attempts = log.Entries.Count(e => e.EventId is 1010 or 1011);
        _receivers.Broker.SetAllBrokersUp();
        await _receivers.ProduceAsync(Partition, count: 1);

        Assert.False(receiver.Started);
        Assert.Equal(attempts, log.Entries.Count(e => e.EventId is 1010 or 1011));
        Assert.Equal(-1, _receivers.CommittedOffset(Partition));
    }

    public void Dispose() => _receivers.Dispose();
}
