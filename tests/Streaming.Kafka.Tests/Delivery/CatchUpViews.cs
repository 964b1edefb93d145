namespace ActorViews.Streaming.Kafka.Tests.Delivery;

/// <summary>A view the topic had before (<c>order-view</c>).</summary>
public interface IOrderView : IGrainWithStringKey;

/// <summary>A view added to the topic later (<c>audit-view</c>), which catches up on the history.</summary>
public interface IAuditView : IGrainWithStringKey;
