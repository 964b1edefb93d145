using ActorViews.Silo.Hosting;
using ActorViews.Streaming.Kafka;

namespace ActorViews.Silo.Operations;

/// <summary>
/// The provider's partition status, shared by the probes, the status page and the throughput sampler: callers
/// that ask while a query runs get that query's answer. A broker that is away makes each query take seconds,
/// and the page and probes ask faster than that; without sharing, blocked queries would pile up.
/// </summary>
internal sealed class PartitionStatusQuery([FromKeyedServices(SiloNames.KafkaProvider)] IKafkaStreamStatus status)
{
    private readonly Lock _lock = new();
    private Task<IReadOnlyList<KafkaPartitionStatus>>? _running;

    /// <summary>The provider's bootstrap servers.</summary>
    public string BootstrapServers => status.BootstrapServers;

    /// <summary>Every partition's status, or a failure after <paramref name="timeout"/>.</summary>
    public Task<IReadOnlyList<KafkaPartitionStatus>> GetAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_running is null || _running.IsCompleted)
            {
                // Not the caller's token: the query is shared, and its cancellation would fail the others.
                _running = status.GetPartitionsAsync(CancellationToken.None);
            }

            return _running.WaitAsync(timeout, cancellationToken);
        }
    }
}
