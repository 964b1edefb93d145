using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Storage;

namespace ActorViews.PostgreSql;

/// <summary>
/// Grain storage on the ActorViews PostgreSQL schema that writes the states of many grains that ask at about the
/// same time in one round trip and one commit (group commit), instead of a round trip, a connection rental and a
/// commit each. Reads and clears are Orleans' ADO.NET storage's own, on the same rows, pool and serializer.
/// </summary>
/// <remarks>
/// Each grain keeps Orleans' optimistic concurrency: its write carries the version (ETag) it last saw, and a stale
/// one fails only that grain's write with <see cref="InconsistentStateException"/>, whatever its batch neighbours
/// do. A database that cannot be reached fails the writes of the batch with the database's exception, as the
/// ADO.NET storage does; the caller retries as it would there.
/// </remarks>
public sealed partial class PostgresGroupCommitGrainStorage : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    private readonly string _name;
    private readonly AdoNetGrainStorage _adoNet;
    private readonly IGrainStorageSerializer _serializer;
    private readonly GroupCommitQueue _queue;
    private readonly ILogger _logger;

    private PostgresGroupCommitGrainStorage(string name, AdoNetGrainStorage adoNet, AdoNetGrainStorageOptions adoNetOptions, PostgresGroupCommitOptions options, string serviceId, ILogger<PostgresGroupCommitGrainStorage> logger)
    {
        _name = name;
        _adoNet = adoNet;
        _serializer = adoNetOptions.GrainStorageSerializer;
        _logger = logger;
        var connectionString = adoNetOptions.ConnectionString
            ?? throw new OrleansConfigurationException($"Grain storage '{name}' has no PostgreSQL connection string.");
        var batchWriter = new GrainStateBatchWriter(connectionString, serviceId, logger);
        _queue = new GroupCommitQueue(options, batchWriter.WriteAsync);
    }

    /// <summary>Creates the storage named <paramref name="name"/> from its named ADO.NET and group-commit options.</summary>
    /// <param name="services">The silo's services.</param>
    /// <param name="name">The storage provider's name.</param>
    /// <returns>The storage.</returns>
    public static PostgresGroupCommitGrainStorage Create(IServiceProvider services, string name)
    {
        ArgumentNullException.ThrowIfNull(services);
        return new(
            name,
            AdoNetGrainStorageFactory.Create(services, name),
            services.GetRequiredService<IOptionsMonitor<AdoNetGrainStorageOptions>>().Get(name),
            services.GetRequiredService<IOptionsMonitor<PostgresGroupCommitOptions>>().Get(name),
            services.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId,
            services.GetRequiredService<ILogger<PostgresGroupCommitGrainStorage>>());
    }

    /// <inheritdoc />
    public void Participate(ISiloLifecycle lifecycle)
    {
        ArgumentNullException.ThrowIfNull(lifecycle);
        _adoNet.Participate(lifecycle);
        lifecycle.Subscribe(
            $"{nameof(PostgresGroupCommitGrainStorage)}-{_name}",
            ServiceLifecycleStage.ApplicationServices,
            _ =>
            {
                _queue.Start();
                return Task.CompletedTask;
            },
            _ => _queue.StopAsync());
    }

    /// <inheritdoc />
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        _adoNet.ReadStateAsync(stateName, grainId, grainState);

    /// <inheritdoc />
    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        _adoNet.ClearStateAsync(stateName, grainId, grainState);

    /// <inheritdoc />
    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(stateName);
        ArgumentNullException.ThrowIfNull(grainState);
        if (!GrainStateKey.IsPlain(stateName))
        {
            await _adoNet.WriteStateAsync(stateName, grainId, grainState).ConfigureAwait(false);
            return;
        }

        var key = GrainStateKey.Of(stateName, grainId);
        var expected = string.IsNullOrWhiteSpace(grainState.ETag) ? default(int?) : int.Parse(grainState.ETag, CultureInfo.InvariantCulture);
        var write = new PendingWrite(key, expected, _serializer.Serialize(grainState.State).ToMemory());
        await _queue.EnqueueAsync(write).ConfigureAwait(false);
        int? version;
        try
        {
            version = await write.Outcome.ConfigureAwait(false);
        }
        catch (Exception failure)
        {
            LogWriteFailed(_logger, failure, _name, key, grainState.ETag);
            throw;
        }

        if (version is not { } written || written == expected)
        {
            throw new InconsistentStateException(
                $"Version conflict (WriteState): ProviderName={_name} GrainType={stateName} GrainId={grainId} ETag={grainState.ETag}: the stored state was written by someone else since it was read.");
        }

        grainState.ETag = written.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    [LoggerMessage(EventId = 10, Level = LogLevel.Error, Message = "Writing grain state failed: ProviderName={Name} GrainKey={Key} ETag={ETag}.")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, string name, GrainStateKey key, string? eTag);
}
