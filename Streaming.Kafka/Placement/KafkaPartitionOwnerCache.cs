using Microsoft.Extensions.Logging;

namespace ActorViews.Streaming.Kafka.Placement;

/// <summary>
/// This silo's copy of one provider's partition owners record (<see cref="IKafkaPartitionOwnersGrain"/>), for
/// placing grains by partition. Reloaded in the background once older than <see cref="FreshFor"/>; a placement
/// waits for a reload only briefly and only when it finds no owner, so no activation waits on a slow record.
/// </summary>
/// <param name="provider">The provider whose record this is.</param>
/// <param name="readRecord">Reads the record: topic/partition to the reader's silo address.</param>
/// <param name="logger">Where a failed read is logged.</param>
internal sealed partial class KafkaPartitionOwnerCache(string provider, Func<Task<Dictionary<string, string>>> readRecord, ILogger logger)
{
    private static readonly TimeSpan FreshFor = TimeSpan.FromSeconds(2);
    private readonly Lock _lock = new();
    private Dictionary<string, SiloAddress> _owners = new(StringComparer.Ordinal);
    private long? _loadStarted;
    private Task? _loading;

    /// <summary>The silo reading the partition, or null when the record names none within <paramref name="wait"/>.</summary>
    public async ValueTask<SiloAddress?> OwnerAsync(string topic, int partition, TimeSpan wait)
    {
        var key = KafkaPartitionKey.Of(topic, partition);
        var loading = ReloadIfStale();
        if (Volatile.Read(ref _owners).TryGetValue(key, out var owner) || loading is null)
        {
            return owner;
        }

        try
        {
            await loading.WaitAsync(wait).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return null;
        }

        return Volatile.Read(ref _owners).GetValueOrDefault(key);
    }

    // The reload in progress, a new one when the copy is stale, or null when the copy is fresh.
    private Task? ReloadIfStale()
    {
        lock (_lock)
        {
            if (_loading is { IsCompleted: false })
            {
                return _loading;
            }

            var now = Environment.TickCount64;
            if (now - _loadStarted < (long)FreshFor.TotalMilliseconds)
            {
                return null;
            }

            // Counted from the start, so a record that fails to load is asked again only once per period.
            _loadStarted = now;

            // On the thread pool: the record is a grain call, and must not run on the placement's own context.
            return _loading = Task.Run(LoadAsync);
        }
    }

    private async Task LoadAsync()
    {
        try
        {
            var record = await readRecord().ConfigureAwait(false);
            var owners = new Dictionary<string, SiloAddress>(record.Count, StringComparer.Ordinal);
            foreach (var (partition, silo) in record)
            {
                owners[partition] = SiloAddress.FromParsableString(silo);
            }

            Volatile.Write(ref _owners, owners);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Placement falls back to Orleans' default meanwhile; the next stale lookup asks again.
            LogLoadFailed(logger, ex, provider);
        }
    }

    [LoggerMessage(EventId = 1500, Level = LogLevel.Warning, Message = "Reading the partition owners of stream provider {Provider} for grain placement failed; grains are placed by Orleans' default until it succeeds")]
    private static partial void LogLoadFailed(ILogger logger, Exception exception, string provider);
}
