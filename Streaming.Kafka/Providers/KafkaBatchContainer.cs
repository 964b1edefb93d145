using ActorViews.Streaming.Kafka.Delivery;
using Orleans.Streams;

namespace ActorViews.Streaming.Kafka.Providers;

/// <summary>One Kafka message on its way to Orleans stream consumers.</summary>
[GenerateSerializer]
internal sealed class KafkaBatchContainer : IBatchContainer
{
    public KafkaBatchContainer(StreamId streamId, object @event, KafkaSequenceToken token)
    {
        StreamId = streamId;
        Event = @event;
        Token = token;
    }

    [Id(0)]
    public StreamId StreamId { get; }

    [Id(1)]
    public object Event { get; }

    [Id(2)]
    public KafkaSequenceToken Token { get; }

    public StreamSequenceToken SequenceToken => Token;

    // Where the receiver records this message as delivered; meaningful only in the silo that read it.
    [NonSerialized]
    internal OffsetTracker.Segment? Segment;

    [NonSerialized]
    internal int Index;

    public IEnumerable<Tuple<T, StreamSequenceToken>> GetEvents<T>() =>
        Event is T typed ? [Tuple.Create(typed, (StreamSequenceToken)Token)] : [];

    public bool ImportRequestContext() => false;
}
