using System.Text.Json;
using System.Text.Json.Serialization;

namespace ActorViews.Streaming.Kafka;

/// <summary>The default serializer: System.Text.Json, camelCase, enums as strings, unknown members ignored.</summary>
public sealed class JsonEventSerializer : IKafkaEventSerializer
{
    /// <summary>The options every ActorViews component uses for event JSON.</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    /// <inheritdoc />
    public object Deserialize(ReadOnlySpan<byte> value, Type type) =>
        JsonSerializer.Deserialize(value, type, Options)
        ?? throw new JsonException($"The value is JSON null, not a {type.Name}.");

    /// <inheritdoc />
    public byte[] Serialize(object value, Type type) => JsonSerializer.SerializeToUtf8Bytes(value, type, Options);

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            // A producer that sends "quantity":"3" is wrong; accepting it would hide the fault.
            NumberHandling = JsonNumberHandling.Strict,
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = true,
        };
        options.Converters.Add(new JsonStringEnumConverter(namingPolicy: null, allowIntegerValues: false));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
