using ActorViews.Streaming.Kafka;

namespace ActorViews.Integration.Tests.Cluster;

[KafkaPartitionPlacement(ClusterFixture.ViewTopic)]
public sealed class PlacedProbeGrain(ILocalSiloDetails silo) : Grain, IPlacedProbe
{
    public Task<string> SiloAsync() => Task.FromResult(silo.SiloAddress.ToParsableString());
}
