using System.Text.Json.Serialization;

namespace ActorViews.Grains;

/// <summary>Where an order is in its life.</summary>
/// <remarks>Written on the wire as the upper-case names, whatever JSON options the reader uses.</remarks>
[JsonConverter(typeof(JsonStringEnumConverter<OrderState>))]
public enum OrderState
{
    /// <summary>The customer placed the order.</summary>
    [JsonStringEnumMemberName("CREATED")]
    Created,

    /// <summary>The order passed validation (stock, payment).</summary>
    [JsonStringEnumMemberName("VALIDATED")]
    Validated,

    /// <summary>The order failed validation.</summary>
    [JsonStringEnumMemberName("FAILED")]
    Failed,

    /// <summary>The order left the warehouse.</summary>
    [JsonStringEnumMemberName("SHIPPED")]
    Shipped,
}
