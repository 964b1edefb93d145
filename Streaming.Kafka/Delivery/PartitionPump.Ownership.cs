using ActorViews.Streaming.Kafka.Providers;
using Microsoft.Extensions.Logging;

namespace ActorViews.Streaming.Kafka.Delivery;

/// <summary>The commit guard: a pump commits only while its receiver's claim is the partition's newest.</summary>
internal sealed partial class PartitionPump
{
    // One OffsetFetch before a commit; commits happen at most once per CommitInterval.
    private static readonly TimeSpan LeaseCheckTimeout = TimeSpan.FromSeconds(5);
    private bool _fenced;

    /// <summary>The claim this pump commits under; without one it commits unchecked.</summary>
    public PartitionLease? Lease { get; init; }

    /// <summary>Whether a newer owner's claim stopped this pump.</summary>
    public bool Fenced => Volatile.Read(ref _fenced);

    /// <summary>
    /// Called under the commit lock just before a commit. Once another receiver has claimed the partition this
    /// pump neither commits nor reads again: its offsets would move the new owner's committed offset back.
    /// </summary>
    /// <exception cref="Confluent.Kafka.KafkaException">The claim could not be read; the commit is retried later.</exception>
    private bool HoldsLease(long offset)
    {
        if (Lease is null)
        {
            return true;
        }

        if (_fenced)
        {
            return false;
        }

        var current = Lease.Current(LeaseCheckTimeout);
        if (current == Lease.Epoch)
        {
            return true;
        }

        Volatile.Write(ref _fenced, true);
        LogFenced(_topic.Name, _partition, offset, Lease.Epoch.ToString(), current.ToString());
        _ = Task.Run(StopFencedAsync);
        return false;
    }

    private async Task StopFencedAsync()
    {
        try
        {
            await _stopReading.CancelAsync().ConfigureAwait(false);
            await _stopDelivering.CancelAsync().ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            // The receiver shut the pump down meanwhile.
        }
    }

    [LoggerMessage(EventId = 1110, Level = LogLevel.Warning, Message = "Not committing {Topic}-{Partition} at {Offset}: the partition was claimed by another receiver (epoch {Current}, this receiver's {Own}); this receiver stops reading it")]
    private partial void LogFenced(string topic, int partition, long offset, string own, string current);
}
