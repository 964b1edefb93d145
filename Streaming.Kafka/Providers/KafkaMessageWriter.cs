using System.Text;
using ActorViews.Streaming.Kafka.Delivery;
using Confluent.Kafka;

namespace ActorViews.Streaming.Kafka.Providers;

/// <summary>Turns an event into a message value, with a <c>type</c> header when the topic needs one to tell it apart.</summary>
internal static class KafkaMessageWriter
{
    public static (byte[] Value, Headers? Headers) Write(KafkaTopic topic, object @event, IKafkaEventSerializer serializer)
    {
        var type = @event.GetType();
        if (!topic.EventType.IsAssignableFrom(type))
        {
            throw new ArgumentException($"Topic '{topic.Name}' carries {topic.EventType.Name} events, not {type.Name}.", nameof(@event));
        }

        Headers? headers = null;
        foreach (var (header, declared) in topic.EventTypes)
        {
            if (declared == type)
            {
                headers = [new Header(MessageDecoder.TypeHeader, Encoding.UTF8.GetBytes(header))];
                break;
            }
        }

        return (serializer.Serialize(@event, type), headers);
    }
}
