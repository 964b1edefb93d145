using ActorViews.Integration.Tests.Cluster;
using ActorViews.Streaming.Kafka;

namespace ActorViews.Integration.Tests.Rebuild;

/// <summary>A tick ledger that rebuilds (<c>rebuilt-tick-view</c>): each grain checks every tick names the entity its key, whichever version it keeps.</summary>
public interface IRebuiltTickView : IKafkaView<Tick>
{
    Task<TickLedger> GetAsync();
}
