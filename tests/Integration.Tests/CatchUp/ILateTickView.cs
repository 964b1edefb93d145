using ActorViews.Integration.Tests.Cluster;
using ActorViews.Streaming.Kafka;

namespace ActorViews.Integration.Tests.CatchUp;

/// <summary>A tick ledger registered on a topic after it has history (<c>late-tick-view</c>): it catches up from the log's start.</summary>
public interface ILateTickView : IKafkaView<Tick>
{
    Task<TickLedger> GetAsync();
}

/// <summary>A tick ledger registered after the history with <see cref="ViewStart.End"/> (<c>tail-tick-view</c>).</summary>
public interface ITailTickView : IKafkaView<Tick>
{
    Task<TickLedger> GetAsync();
}
