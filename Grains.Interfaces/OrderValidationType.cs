using System.Text.Json.Serialization;

namespace ActorViews.Grains;

/// <summary>Which check produced an <see cref="OrderValidation"/>.</summary>
/// <remarks>Written on the wire as the upper-case names, whatever JSON options the reader uses.</remarks>
[JsonConverter(typeof(JsonStringEnumConverter<OrderValidationType>))]
public enum OrderValidationType
{
    /// <summary>Stock on hand minus reservations covers the order.</summary>
    [JsonStringEnumMemberName("INVENTORY_CHECK")]
    InventoryCheck,

    /// <summary>The customer's spending within a session stays below the limit.</summary>
    [JsonStringEnumMemberName("FRAUD_CHECK")]
    FraudCheck,

    /// <summary>The order's own fields make sense.</summary>
    [JsonStringEnumMemberName("ORDER_DETAILS_CHECK")]
    OrderDetailsCheck,
}
