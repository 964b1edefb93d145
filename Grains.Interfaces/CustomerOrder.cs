using System.Globalization;
using System.Text.Json.Serialization;
using ActorViews.Streaming.Kafka;

namespace ActorViews.Grains;

/// <summary>
/// An <c>orders</c> event re-keyed by its customer, on the internal <c>customer-orders</c> topic keyed by
/// customer ID: what the customer's view and fraud check apply.
/// </summary>
/// <param name="Order">The order event.</param>
/// <param name="EventTime">The <c>orders</c> message's timestamp: the fraud check's sessions run in event time.</param>
/// <param name="Source">Where the order event was read in <c>orders</c>: how a customer recognises an event written again.</param>
/// <param name="SourceLogId">The log (topic ID) <paramref name="Source"/> belongs to; empty when unknown.</param>
[GenerateSerializer, Immutable]
public sealed record CustomerOrder(
    [property: Id(0), JsonPropertyName("order")] Order Order,
    [property: Id(1), JsonPropertyName("eventTime")] DateTimeOffset EventTime,
    [property: Id(2), JsonPropertyName("source")] KafkaPosition Source,
    [property: Id(3), JsonPropertyName("sourceLogId")] string SourceLogId) : IKafkaKeyedEvent
{
    /// <inheritdoc />
    string IKafkaKeyedEvent.EntityKey => Order.CustomerId.ToString(CultureInfo.InvariantCulture);
}
