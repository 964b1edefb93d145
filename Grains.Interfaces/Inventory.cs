using System.Text.Json.Serialization;
using ActorViews.Streaming.Kafka;

namespace ActorViews.Grains;

/// <summary>
/// The stock on hand of a product, on the <c>warehouse-inventory</c> topic keyed by product name; the latest
/// value wins. JSON: <c>{"product":"JUMPERS","quantity":10}</c>.
/// </summary>
/// <param name="Product">The product; its wire name is the message key.</param>
/// <param name="Quantity">How many are on hand.</param>
[GenerateSerializer, Immutable]
public sealed record Inventory(
    [property: Id(0), JsonPropertyName("product")] Product Product,
    [property: Id(1), JsonPropertyName("quantity")] long Quantity) : IKafkaKeyedEvent
{
    /// <inheritdoc />
    string IKafkaKeyedEvent.EntityKey => ProductNames.TryGetName(Product, out var name) ? name : Product.ToString();
}
