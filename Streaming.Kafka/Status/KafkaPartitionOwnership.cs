using Microsoft.Extensions.Logging;

namespace ActorViews.Streaming.Kafka.Status;

/// <summary>This silo's side of the owners record: claims, releases, and re-claims what it reads.</summary>
internal sealed partial class KafkaPartitionOwnership(string providerName, IGrainFactory grainFactory, ILocalSiloDetails silo, ILogger<KafkaPartitionOwnership> logger) : IDisposable
{
    private static readonly TimeSpan ReclaimPeriod = TimeSpan.FromSeconds(10);
    private readonly HashSet<(string Topic, int Partition)> _owned = [];
    private readonly Lock _lock = new();
    private Timer? _timer;

    private IKafkaPartitionOwnersGrain Owners => grainFactory.GetGrain<IKafkaPartitionOwnersGrain>(providerName);

    /// <summary>This silo's address as the owners record and the metrics name it.</summary>
    public string SiloName => silo.SiloAddress.ToParsableString();

    public async Task ClaimAsync(string topic, int partition)
    {
        lock (_lock)
        {
            _owned.Add((topic, partition));
            _timer ??= new Timer(_ => _ = ReclaimAsync(), null, ReclaimPeriod, ReclaimPeriod);
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

    public void Dispose() => _timer?.Dispose();

    private async Task ReclaimAsync()
    {
        (string Topic, int Partition)[] owned;
        lock (_lock)
        {
            owned = [.. _owned];
        }

        foreach (var (topic, partition) in owned)
        {
            await Report(() => Owners.ClaimAsync(topic, partition, SiloName)).ConfigureAwait(false);
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
