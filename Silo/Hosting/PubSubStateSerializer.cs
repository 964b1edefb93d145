using System.Buffers;
using System.Text.Json;
using Orleans.Serialization;
using Orleans.Storage;

namespace ActorViews.Silo.Hosting;

/// <summary>
/// Stores Orleans' stream pub-sub state (who subscribed to which stream, who produces to it) as a small JSON
/// document that carries Orleans' own serialized form of the state:
/// <c>{"format":"orleans-binary","state":"&lt;base64&gt;"}</c>.
/// </summary>
/// <remarks>
/// The pub-sub types keep their data in public fields and are built through constructors whose parameters do
/// not match those fields, which System.Text.Json cannot map: a registered producer is written as <c>{}</c> and
/// the state can never be read back, so the rendezvous grain of every stream with a producer fails to activate.
/// Orleans' serializer round-trips them and tolerates their changes across Orleans versions; the envelope keeps
/// the payload JSON, the only thing <c>grain_state</c> accepts.
/// </remarks>
internal sealed class PubSubStateSerializer(Serializer serializer) : IGrainStorageSerializer
{
    private const string Format = "orleans-binary";
    private const string FormatProperty = "format";
    private const string StateProperty = "state";

    private readonly OrleansGrainStorageSerializer _orleans = new(serializer);

    // Rows written before this serializer hold the state as plain System.Text.Json; those that can be read still are.
    private readonly PostgreSql.SystemTextJsonGrainStorageSerializer _legacy = new();

    /// <inheritdoc/>
    public BinaryData Serialize<T>(T? input)
    {
        var state = _orleans.Serialize(input);
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString(FormatProperty, Format);
            writer.WriteBase64String(StateProperty, state.ToMemory().Span);
            writer.WriteEndObject();
        }

        return new BinaryData(buffer.WrittenMemory);
    }

    /// <inheritdoc/>
    public T Deserialize<T>(BinaryData input)
    {
        using var document = JsonDocument.Parse(input.ToMemory());
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty(FormatProperty, out var format))
        {
            return _legacy.Deserialize<T>(input);
        }

        if (format.ValueKind != JsonValueKind.String || format.GetString() != Format)
        {
            throw new JsonException($"Stored pub-sub state has format {format}; only '{Format}' can be read.");
        }

        if (!root.TryGetProperty(StateProperty, out var state) || !state.TryGetBytesFromBase64(out var bytes))
        {
            throw new JsonException($"Stored pub-sub state has no base64 '{StateProperty}' property.");
        }

        return _orleans.Deserialize<T>(new BinaryData(bytes))
            ?? throw new JsonException("Stored pub-sub state holds no value.");
    }
}
