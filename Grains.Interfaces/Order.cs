using System.Text.Json.Serialization;
using ActorViews.Streaming.Kafka;

namespace ActorViews.Grains;

/// <summary>
/// An order event on the <c>orders</c> topic, and the order as its view shows it: each event carries the
/// whole order as of that moment. JSON: <c>{"id":"1","customerId":2,"state":"CREATED","product":"JUMPERS",
/// "quantity":1,"price":1.0}</c>.
/// </summary>
/// <param name="Id">The order ID; also the message key.</param>
/// <param name="CustomerId">The customer who placed the order.</param>
/// <param name="State">Where the order is in its life.</param>
/// <param name="Product">
/// What is ordered; null when the producer left it out, sent null or named a product the shop does not sell.
/// Such an order still reaches the services, which fail it, instead of being dead-lettered unanswered.
/// </param>
/// <param name="Quantity">How many.</param>
/// <param name="Price">The price of the order.</param>
[GenerateSerializer, Immutable]
public sealed record Order(
    [property: Id(0), JsonPropertyName("id")] string Id,
    [property: Id(1), JsonPropertyName("customerId")] long CustomerId,
    [property: Id(2), JsonPropertyName("state")] OrderState State,
    [property: Id(3), JsonPropertyName("product"), JsonConverter(typeof(OrderProductJsonConverter))] Product? Product,
    [property: Id(4), JsonPropertyName("quantity")] int Quantity,
    [property: Id(5), JsonPropertyName("price")] decimal Price) : IKafkaKeyedEvent
{
    /// <inheritdoc />
    string IKafkaKeyedEvent.EntityKey => Id;

    // Readers that require every constructor parameter would refuse an order without a product; this one
    // makes the product optional while every other field stays required.
    [JsonConstructor]
    private Order(string id, long customerId, OrderState state, int quantity, decimal price, Product? product = null)
        : this(id, customerId, state, product, quantity, price)
    {
    }
}
