using System.Text.Json;
using System.Text.Json.Serialization;

namespace ActorViews.Grains;

/// <summary>
/// Reads an order's product by its wire name, and anything else (null, a number, an unknown name) as no
/// product, so that the order details check can fail the order; writes the wire name, or null.
/// </summary>
public sealed class OrderProductJsonConverter : JsonConverter<Product?>
{
    /// <inheritdoc />
    public override bool HandleNull => true;

    /// <inheritdoc />
    public override Product? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return ProductNames.TryParse(reader.GetString(), out var product) ? product : null;
        }

        reader.Skip();
        return null;
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, Product? value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value is { } product && ProductNames.TryGetName(product, out var name))
        {
            writer.WriteStringValue(name);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
