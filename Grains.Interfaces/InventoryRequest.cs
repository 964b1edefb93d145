using System.Text.Json.Serialization;
using ActorViews.Streaming.Kafka;

namespace ActorViews.Grains;

/// <summary>
/// What the order router asks of a product for one <c>orders</c> event, on the internal <c>inventory-requests</c>
/// topic keyed by the product's wire name: reserve a CREATED order's units (the inventory check), or, for a
/// FAILED order, only note its position so that a read-your-writes on it finds the product.
/// </summary>
/// <param name="OrderId">The order.</param>
/// <param name="Product">The product; its wire name is the message key.</param>
/// <param name="Quantity">How many the order asks for.</param>
/// <param name="Reserve">True for the inventory check of a CREATED order; false to record the position only.</param>
/// <param name="Source">Where the order event was read in <c>orders</c>: how a product recognises a request written again.</param>
/// <param name="SourceLogId">The log (topic ID) <paramref name="Source"/> belongs to; empty when unknown.</param>
[GenerateSerializer, Immutable]
public sealed record InventoryRequest(
    [property: Id(0), JsonPropertyName("orderId")] string OrderId,
    [property: Id(1), JsonPropertyName("product")] Product Product,
    [property: Id(2), JsonPropertyName("quantity")] int Quantity,
    [property: Id(3), JsonPropertyName("reserve")] bool Reserve,
    [property: Id(4), JsonPropertyName("source")] KafkaPosition Source,
    [property: Id(5), JsonPropertyName("sourceLogId")] string SourceLogId) : IKafkaKeyedEvent
{
    /// <inheritdoc />
    string IKafkaKeyedEvent.EntityKey => ProductNames.TryGetName(Product, out var name) ? name : Product.ToString();
}
