using System.Globalization;
using Orleans.Streams;

namespace ActorViews.Streaming.Kafka;

/// <summary>A stream event's position: its Kafka offset, which stays the same however often it is redelivered.</summary>
[GenerateSerializer, Immutable]
public sealed class KafkaSequenceToken : StreamSequenceToken
{
    /// <summary>Creates the token of the message at <paramref name="offset"/> in <paramref name="partition"/>.</summary>
    public KafkaSequenceToken(int partition, long offset)
    {
        Partition = partition;
        SequenceNumber = offset;
    }

    /// <summary>The partition the event was read from.</summary>
    [Id(0)]
    public int Partition { get; private set; }

    /// <summary>The event's offset in its partition.</summary>
    [Id(1)]
    public override long SequenceNumber { get; protected set; }

    /// <summary>Always 0: a Kafka message carries one event.</summary>
    [Id(2)]
    public override int EventIndex { get; protected set; }

    /// <inheritdoc />
    public override bool Equals(StreamSequenceToken? other) =>
        other is KafkaSequenceToken token && token.Partition == Partition && token.SequenceNumber == SequenceNumber;

    /// <inheritdoc />
    public override int CompareTo(StreamSequenceToken? other) => other switch
    {
        null => 1,
        KafkaSequenceToken token when token.Partition != Partition => Partition.CompareTo(token.Partition),
        _ => SequenceNumber.CompareTo(other.SequenceNumber),
    };

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as StreamSequenceToken);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Partition, SequenceNumber);

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"[{Partition}:{SequenceNumber}]");
}
