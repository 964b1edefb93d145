using System.Text.Json.Serialization;
using ActorViews.Streaming.Kafka;

namespace ActorViews.Grains;

/// <summary>
/// A payment for an order, on the <c>payments</c> topic keyed by payment ID. JSON:
/// <c>{"id":"p1","orderId":"1","ccy":"EUR","amount":10.5}</c>.
/// </summary>
/// <param name="Id">The payment ID; also the message key.</param>
/// <param name="OrderId">The order paid for.</param>
/// <param name="Ccy">The ISO 4217 currency code.</param>
/// <param name="Amount">The amount paid.</param>
[GenerateSerializer, Immutable]
public sealed record Payment(
    [property: Id(0), JsonPropertyName("id")] string Id,
    [property: Id(1), JsonPropertyName("orderId")] string OrderId,
    [property: Id(2), JsonPropertyName("ccy")] string Ccy,
    [property: Id(3), JsonPropertyName("amount")] decimal Amount) : IKafkaKeyedEvent
{
    /// <inheritdoc />
    string IKafkaKeyedEvent.EntityKey => Id;
}
