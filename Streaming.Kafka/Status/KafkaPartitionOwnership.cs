using Microsoft.Extensions.Logging;

namespace ActorViews.Streaming.Kafka.Status;

/// <summary>
/// This silo's side of the owners record: claims, releases, and re-claims what it reads, every
/// <see cref="ReclaimPeriod"/> and as soon as the cluster's membership changes. The record lives in one
/// in-memory grain, so when the silo hosting it dies the record starts empty on another silo: re-claiming on
/// the membership change that follows refills it within a second, instead of a period later.
/// </summary>
internal sealed partial class KafkaPartitionOwnership(
    string providerName,
    IGrainFactory grainFactory,
    ILocalSiloDetails silo,
    IClusterMembershipService membership,
    ILogger<KafkaPartitionOwnership> logger) : IDisposable
{
    private static readonly TimeSpan ReclaimPeriod = TimeSpan.FromSeconds(10);
    private readonly HashSet<(string Topic, int Partition)> _owned = [];
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _disposed = new();
    private Timer? _timer;

    private IKafkaPartitionOwnersGrain Owners => grainFactory.GetGrain<IKafkaPartitionOwnersGrain>(providerName);

    /// <summary>This silo's address as the owners record and the metrics name it.</summary>
    public string SiloName => silo.SiloAddress.ToParsableString();

    public async Task ClaimAsync(string topic, int partition)
    {
        lock (_lock)
        {
            _owned.Add((topic, partition));
            if (_timer is null)
            {
                _timer = new Timer(_ => _ = ReclaimAsync(), null, ReclaimPeriod, ReclaimPeriod);
                _ = ReclaimOnMembershipChangesAsync(_disposed.Token);
            }
        }

        await Report(() => Owners.ClaimAsync(topic, partition, SiloName)).ConfigureAwait(false);
    }

    public async Task ReleaseAsync(string topic, int partition)
    {
        lock (_lock)
        {
            _owned.Remove((topic, partition));
        }

        await Report(() => Owners.ReleaseAsync(topic, partition, SiloName)).ConfigureAwait(false);
    }

    public void Dispose()
    {
        _disposed.Cancel();
        _disposed.Dispose();
        _timer?.Dispose();
    }

    private async Task ReclaimOnMembershipChangesAsync(CancellationToken token)
    {
        try
        {
            var seen = membership.CurrentSnapshot.Version;
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(token).ConfigureAwait(false))
            {
                if (snapshot.Version > seen)
                {
                    seen = snapshot.Version;
                    await ReclaimAsync().ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The periodic re-claim still keeps the record; only the quick refill after a membership change is lost.
            LogReportFailed(ex, providerName);
        }
    }

    private async Task ReclaimAsync()
    {
        (string Topic, int Partition)[] owned;
        lock (_lock)
        {
            owned = [.. _owned];
        }

        // A refresh, not a claim: this snapshot may be older than a hand-over that a newer reader already claimed.
        foreach (var (topic, partition) in owned)
        {
            await Report(() => Owners.RefreshAsync(topic, partition, SiloName)).ConfigureAwait(false);
        }
    }

    // The record is for operators; failing to update it must never stop delivery.
    private async Task Report(Func<Task> call)
    {
        try
        {
            await call().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogReportFailed(ex, providerName);
        }
    }

    [LoggerMessage(EventId = 1200, Level = LogLevel.Debug, Message = "Updating the partition owners of stream provider {Provider} failed")]
    private partial void LogReportFailed(Exception exception, string provider);
}
