using ActorViews.Streaming.Kafka;

namespace ActorViews.Grains;

/// <summary>
/// A product's side of the inventory check: the <c>inventory-requests</c> the order router writes for it, applied
/// in batches by the same grain as <see cref="IInventoryView"/> (same key, the product's wire name). A request is
/// applied once: one whose <c>orders</c> position is at or before the highest the product applied from that
/// partition is skipped. The verdicts of a batch go to <c>order-validations</c> before its one state write.
/// </summary>
public interface IInventoryRequests : IKafkaView<InventoryRequest>;
