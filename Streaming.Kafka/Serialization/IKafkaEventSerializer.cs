namespace ActorViews.Streaming.Kafka;

/// <summary>Turns message values into events and back. Register one to replace the JSON default.</summary>
public interface IKafkaEventSerializer
{
    /// <summary>Reads a value of <paramref name="type"/>; throws on a value that is not one.</summary>
    object Deserialize(ReadOnlySpan<byte> value, Type type);

    /// <summary>Writes <paramref name="value"/> as <paramref name="type"/>.</summary>
    byte[] Serialize(object value, Type type);
}
