using System.Text.Json.Serialization;

namespace ActorViews.Grains;

/// <summary>The outcome of one check of an order.</summary>
/// <remarks>Written on the wire as the upper-case names, whatever JSON options the reader uses.</remarks>
[JsonConverter(typeof(JsonStringEnumConverter<OrderValidationResult>))]
public enum OrderValidationResult
{
    /// <summary>The order passed the check.</summary>
    [JsonStringEnumMemberName("PASS")]
    Pass,

    /// <summary>The order failed the check; the order fails.</summary>
    [JsonStringEnumMemberName("FAIL")]
    Fail,

    /// <summary>The check could not decide; the order is neither validated nor failed by it.</summary>
    [JsonStringEnumMemberName("ERROR")]
    Error,
}
