using ActorViews.Streaming.Kafka;

namespace ActorViews.Integration.Tests.Cluster;

/// <summary>A tick ledger fed by the view delivery engine.</summary>
public interface ITickView : IKafkaView<Tick>
{
    Task<TickLedger> GetAsync();
}

/// <summary>A tick ledger fed through Orleans streams (implicit subscription).</summary>
public interface ITickStreamConsumer : IGrainWithStringKey
{
    Task<TickLedger> GetAsync();
}
