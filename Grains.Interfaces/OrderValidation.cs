using System.Text.Json.Serialization;
using ActorViews.Streaming.Kafka;

namespace ActorViews.Grains;

/// <summary>
/// One check's verdict on an order, on the <c>order-validations</c> topic keyed by order ID. JSON:
/// <c>{"orderId":"1","checkType":"INVENTORY_CHECK","validationResult":"PASS"}</c>, and for a verdict with an
/// explanation also <c>"reason":"..."</c> (an optional field that readers of the original shape ignore).
/// </summary>
/// <param name="OrderId">The order checked.</param>
/// <param name="CheckType">The check.</param>
/// <param name="ValidationResult">Its verdict.</param>
/// <param name="Reason">Why the check failed the order, when it says; null for a PASS.</param>
[GenerateSerializer, Immutable]
public sealed record OrderValidation(
    [property: Id(0), JsonPropertyName("orderId")] string OrderId,
    [property: Id(1), JsonPropertyName("checkType")] OrderValidationType CheckType,
    [property: Id(2), JsonPropertyName("validationResult")] OrderValidationResult ValidationResult,
    [property: Id(3), JsonPropertyName("reason"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Reason = null) : IKafkaKeyedEvent
{
    /// <inheritdoc />
    string IKafkaKeyedEvent.EntityKey => OrderId;
}
