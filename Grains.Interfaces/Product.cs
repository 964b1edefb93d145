using System.Text.Json.Serialization;

namespace ActorViews.Grains;

/// <summary>What an order is for.</summary>
/// <remarks>Written on the wire as the upper-case names, whatever JSON options the reader uses.</remarks>
[JsonConverter(typeof(JsonStringEnumConverter<Product>))]
public enum Product
{
    /// <summary>Jumpers.</summary>
    [JsonStringEnumMemberName("JUMPERS")]
    Jumpers,

    /// <summary>Underpants.</summary>
    [JsonStringEnumMemberName("UNDERPANTS")]
    Underpants,

    /// <summary>Stockings.</summary>
    [JsonStringEnumMemberName("STOCKINGS")]
    Stockings,
}
