using Microsoft.Extensions.Logging;
using Orleans.Providers;

namespace ActorViews.Streaming.Kafka.Versions;

/// <summary>
/// The persisted registry of one view's versions (<see cref="IKafkaViewVersionGrain"/>). It lives in the
/// <c>PubSubStore</c> grain storage, which every silo that runs Orleans streams has: a rebuild needs no storage
/// of its own to survive the loss of any silo.
/// </summary>
internal sealed partial class KafkaViewVersionGrain(
    [PersistentState("view-versions", ProviderConstants.DEFAULT_PUBSUB_PROVIDER_NAME)] IPersistentState<ViewVersionState> state,
    TimeProvider clock,
    ILogger<KafkaViewVersionGrain> logger) : Grain, IKafkaViewVersionGrain
{
    public Task<KafkaViewVersionInfo> GetAsync() => Task.FromResult(Info());

    public async Task<(bool Started, KafkaViewVersionInfo Versions)> StartRebuildAsync(bool keep)
    {
        var record = state.State;
        if (record.Building is not null)
        {
            return (false, Info());
        }

        record.Building = record.Current + 1;
        record.RequestedAt = clock.GetUtcNow();
        record.Keep = keep;
        record.LivePartitions.Clear();
        await WriteOrRevertAsync();
        LogRebuildStarted(logger, this.GetPrimaryKeyString(), record.Building.Value, record.Current);
        return (true, Info());
    }

    public async Task ReportLiveAsync(int version, string view, string topic, int partition, int partitions)
    {
        var record = state.State;
        if (record.Building != version || !record.LivePartitions.Add($"{view}/{KafkaPartitionKey.Of(topic, partition)}"))
        {
            // A report of a version that switched already, or again after a restart: nothing changes.
            return;
        }

        var switched = record.LivePartitions.Count >= partitions;
        var replaced = record.Current;
        if (switched)
        {
            record.Current = version;
            record.Building = null;
            record.LivePartitions.Clear();
        }

        await WriteOrRevertAsync();
        if (switched)
        {
            LogSwitched(logger, this.GetPrimaryKeyString(), version, replaced);
        }
    }

    private KafkaViewVersionInfo Info()
    {
        var record = state.State;
        return new KafkaViewVersionInfo(this.GetPrimaryKeyString(), record.Current, record.Building, record.RequestedAt, record.Keep);
    }

    // A failed write leaves memory as stored, so the caller's retry (or the next report) finds the same record.
    private async Task WriteOrRevertAsync()
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            await state.ReadStateAsync();
            throw;
        }
    }

    [LoggerMessage(EventId = 1150, Level = LogLevel.Information, Message = "Rebuild of view {View} started: version {Version} builds from the log's start beside version {Current}")]
    private static partial void LogRebuildStarted(ILogger logger, string view, int version, int current);

    [LoggerMessage(EventId = 1151, Level = LogLevel.Information, Message = "View {View} switched to version {Version} on every partition; version {Replaced} is no longer delivered")]
    private static partial void LogSwitched(ILogger logger, string view, int version, int replaced);
}
