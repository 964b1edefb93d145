using System.Text.Json;
using ActorViews.Streaming.Kafka;
using Confluent.Kafka;
using Streamiz.Kafka.Net.SerDes;

namespace ActorViews.Ingest;

/// <summary>
/// Streamiz (de)serialization with System.Text.Json and the provider's JSON options, so Streamiz decodes the
/// events exactly as the other paths do.
/// </summary>
internal sealed class JsonSerDes<T> : AbstractSerDes<T>
    where T : class
{
    public override T Deserialize(byte[] data, SerializationContext context) =>
        // A null value is a tombstone; Streamiz passes it on as null.
        data is null ? null! : JsonSerializer.Deserialize<T>(data, JsonEventSerializer.Options)
            ?? throw new InvalidOperationException($"{context.Topic}: a value holds JSON null.");

    public override byte[] Serialize(T data, SerializationContext context) =>
        data is null ? null! : JsonSerializer.SerializeToUtf8Bytes(data, JsonEventSerializer.Options);
}
