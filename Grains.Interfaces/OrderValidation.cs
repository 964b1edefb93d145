using System.Text.Json.Serialization;

namespace ActorViews.Grains;

/// <summary>
/// One check's verdict on an order, on the <c>order-validations</c> topic keyed by order ID. JSON:
/// <c>{"orderId":"1","checkType":"INVENTORY_CHECK","validationResult":"PASS"}</c>.
/// </summary>
/// <param name="OrderId">The order checked.</param>
/// <param name="CheckType">The check.</param>
/// <param name="ValidationResult">Its verdict.</param>
[GenerateSerializer, Immutable]
public sealed record OrderValidation(
    [property: Id(0), JsonPropertyName("orderId")] string OrderId,
    [property: Id(1), JsonPropertyName("checkType")] OrderValidationType CheckType,
    [property: Id(2), JsonPropertyName("validationResult")] OrderValidationResult ValidationResult);
