using ActorViews.Streaming.Kafka;

namespace ActorViews.Integration.Tests.Cluster;

/// <summary>A partition view of ticks (grain key <c>topic/partition</c>): all the partition's keys in one ledger.</summary>
public interface ITickPartitionView : IKafkaView<Tick>
{
    Task<PartitionTickLedger> GetAsync();
}
