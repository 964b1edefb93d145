using Microsoft.Extensions.Logging;
using Orleans.Providers;

namespace ActorViews.Streaming.Kafka.Versions;

/// <summary>
/// The persisted registry of one view's versions (<see cref="IKafkaViewVersionGrain"/>). It lives in the
/// <c>PubSubStore</c> grain storage, which every silo that runs Orleans streams has: a rebuild needs no storage
/// of its own to survive the loss of any silo. The deletion of a replaced version is in the record too, so the
/// activation that follows a lost silo's does it (every silo asks the registry each second, which activates it).
/// </summary>
internal sealed partial class KafkaViewVersionGrain(
    [PersistentState("view-versions", ProviderConstants.DEFAULT_PUBSUB_PROVIDER_NAME)] IPersistentState<ViewVersionState> state,
    TimeProvider clock,
    IServiceProvider services,
    ILogger<KafkaViewVersionGrain> logger) : Grain, IKafkaViewVersionGrain
{
    private static readonly TimeSpan RetryDeleteAfter = TimeSpan.FromSeconds(30);
    private IGrainTimer? _deletion;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        ScheduleDeletion();
        return Task.CompletedTask;
    }

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
        LogRebuildStarted(logger, View, record.Building.Value, record.Current);
        return (true, Info());
    }

    public async Task ReportLiveAsync(int version, string view, string topic, int partition, int partitions, TimeSpan deleteAfter)
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

            // One deletion at a time: a version replaced earlier whose deletion still fails keeps its place, and the
            // state of the one replaced now stays (the log says when a deletion fails).
            if (!record.Keep && record.Retired is null)
            {
                record.Retired = replaced;
                record.RetireAt = clock.GetUtcNow() + deleteAfter;
            }
        }

        await WriteOrRevertAsync();
        if (switched)
        {
            LogSwitched(logger, View, version, replaced);
            ScheduleDeletion();
        }
    }

    private string View => this.GetPrimaryKeyString();

    private KafkaViewVersionInfo Info()
    {
        var record = state.State;
        return new KafkaViewVersionInfo(View, record.Current, record.Building, record.RequestedAt, record.Keep, record.Retired, record.RetireAt);
    }

    private void ScheduleDeletion()
    {
        if (state.State is not { Retired: not null, RetireAt: { } at })
        {
            return;
        }

        var due = at - clock.GetUtcNow();
        _deletion?.Dispose();
        _deletion = this.RegisterGrainTimer(DeleteRetiredAsync, new GrainTimerCreationOptions(due > TimeSpan.Zero ? due : TimeSpan.Zero, Timeout.InfiniteTimeSpan));
    }

    private async Task DeleteRetiredAsync(CancellationToken cancellationToken)
    {
        var record = state.State;
        if (record.Retired is not { } retired)
        {
            return;
        }

        try
        {
            if (services.GetService(typeof(IKafkaViewVersionEraser)) is IKafkaViewVersionEraser eraser)
            {
                LogDeleted(logger, View, retired, await eraser.DeleteAsync(View, retired, cancellationToken));
            }
            else
            {
                LogNoEraser(logger, View, retired);
            }

            record.Retired = null;
            record.RetireAt = null;
            await WriteOrRevertAsync();
        }
        catch (Exception failure) when (failure is not OutOfMemoryException)
        {
            LogDeleteFailed(logger, failure, View, retired, RetryDeleteAfter);
            _deletion?.Dispose();
            _deletion = this.RegisterGrainTimer(DeleteRetiredAsync, new GrainTimerCreationOptions(RetryDeleteAfter, Timeout.InfiniteTimeSpan));
        }
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

    [LoggerMessage(EventId = 1154, Level = LogLevel.Information, Message = "Deleted the stored state of version {Version} of view {View}: {Records} records")]
    private static partial void LogDeleted(ILogger logger, string view, int version, long records);

    [LoggerMessage(EventId = 1155, Level = LogLevel.Warning, Message = "Version {Version} of view {View} was replaced, but no IKafkaViewVersionEraser is registered: its stored state stays")]
    private static partial void LogNoEraser(ILogger logger, string view, int version);

    [LoggerMessage(EventId = 1156, Level = LogLevel.Warning, Message = "Deleting the stored state of version {Version} of view {View} failed; trying again in {Delay}")]
    private static partial void LogDeleteFailed(ILogger logger, Exception exception, string view, int version, TimeSpan delay);
}
