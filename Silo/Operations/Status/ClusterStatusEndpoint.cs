using ActorViews.Gateway.Endpoints;
using ActorViews.Silo.Hosting;
using ActorViews.Silo.Operations.Health;
using ActorViews.Streaming.Kafka;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ActorViews.Silo.Operations.Status;

/// <summary><c>GET /v1/status/cluster</c>: silos, dependencies, partitions with throughput, views with lag, and the last dead letters.</summary>
internal static class ClusterStatusEndpoint
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    /// <summary>Maps the endpoint.</summary>
    public static IEndpointConventionBuilder MapClusterStatus(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/v1/status/cluster", GetAsync).WithName("GetClusterStatus");

    private static async Task<ClusterStatus> GetAsync(
        [FromKeyedServices(SiloNames.KafkaProvider)] IKafkaStreamStatus stream,
        StatusCache<IReadOnlyList<KafkaPartitionStatus>> status,
        StatusCache<IReadOnlyList<KafkaViewStatus>> viewStatus,
        HealthCheckService health,
        IGrainFactory grains,
        ILocalSiloDetails silo,
        ThroughputSampler throughput,
        DeadLetterReader deadLetters,
        CancellationToken cancellationToken)
    {
        // Each part is read on its own and within the timeout, so a broker that is away still leaves the silos
        // on the page, and a membership read that hangs still leaves the partitions.
        var silos = Attempt(ReadSilosAsync(grains).WaitAsync(Timeout, cancellationToken));
        var partitions = Attempt(status.GetAsync(Timeout, cancellationToken));
        var views = Attempt(viewStatus.GetAsync(Timeout, cancellationToken));
        var letters = Attempt(deadLetters.ReadLatestAsync().WaitAsync(Timeout, cancellationToken));
        var dependencies = health.CheckHealthAsync(check => check.Tags.Contains(HealthTags.Dependencies), cancellationToken);

        var (siloList, silosError) = await silos.ConfigureAwait(false);
        var (partitionList, partitionsError) = await partitions.ConfigureAwait(false);
        var (viewList, viewsError) = await views.ConfigureAwait(false);
        var (letterList, lettersError) = await letters.ConfigureAwait(false);
        return new ClusterStatus(
            DateTimeOffset.UtcNow,
            silo.SiloAddress.ToParsableString(),
            stream.BootstrapServers,
            siloList ?? [],
            silosError,
            [.. (await dependencies.ConfigureAwait(false)).Entries.Select(e => new DependencyStatusEntry(e.Key, e.Value.Status.ToString(), e.Value.Description ?? e.Value.Exception?.Message))],
            [.. (partitionList ?? []).WithConditions(stream.GetOwnedPartitionConditions()).Select(p => new PartitionStatusEntry(
                p.Topic, p.Partition, p.Owner, p.OwnerUnknown, p.CommittedOffset, p.HighWatermark, p.Lag, throughput.EventsPerSecond(p.Topic, p.Partition),
                p.Condition?.ToString(), p.ConditionSince, p.ConditionReason))],
            partitionsError,
            viewList ?? [],
            viewsError,
            letterList ?? [],
            lettersError);
    }

    private static async Task<IReadOnlyList<SiloStatusEntry>> ReadSilosAsync(IGrainFactory grains)
    {
        var hosts = await grains.GetGrain<IManagementGrain>(0).GetDetailedHosts(onlyActive: false).ConfigureAwait(false);
        return [.. hosts
            .OrderBy(h => h.Status == SiloStatus.Active ? 0 : 1)
            .ThenBy(h => h.SiloAddress.ToParsableString(), StringComparer.Ordinal)
            .Select(h => new SiloStatusEntry(
                h.SiloAddress.ToParsableString(),
                h.SiloName,
                h.HostName,
                h.Status.ToString(),
                new DateTimeOffset(h.StartTime, TimeSpan.Zero),
                new DateTimeOffset(h.IAmAliveTime, TimeSpan.Zero)))];
    }

    private static async Task<(T? Value, string? Error)> Attempt<T>(Task<T> read)
        where T : class
    {
        try
        {
            return (await read.ConfigureAwait(false), null);
        }
        catch (TimeoutException)
        {
            return (null, $"No answer within {Timeout.TotalSeconds:0}s.");
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            return (null, failure.Message);
        }
    }
}
