using ActorViews.Streaming.Kafka;

namespace ActorViews.Grains;

/// <summary>
/// The persisted record of one order view: the order, how many events built it, and the offsets it applied,
/// kept together so that a write records the view and its progress at once.
/// </summary>
[GenerateSerializer]
public sealed class OrderViewState
{
    /// <summary>The order as of the last applied event; null until one arrives.</summary>
    [Id(0)]
    public Order? Order { get; set; }

    /// <summary>How many distinct events were applied.</summary>
    [Id(1)]
    public long AppliedCount { get; set; }

    /// <summary>Where the last applied event was read; null until one arrives.</summary>
    [Id(2)]
    public KafkaPosition? LastApplied { get; set; }

    /// <summary>The highest applied offset per topic-partition, to recognise redelivered events.</summary>
    [Id(3)]
    public AppliedOffsets Offsets { get; set; } = new();

    /// <summary>Applies one event read from <paramref name="topic"/>/<paramref name="partition"/>.</summary>
    /// <returns>False when the event's offset was applied already, in which case nothing changed.</returns>
    public bool Apply(string topic, int partition, KafkaEvent<Order> @event)
    {
        if (!Offsets.TryAdvance(topic, partition, @event.Offset))
        {
            return false;
        }

        // Every event carries the whole order, so the latest one is the order.
        Order = @event.Value;
        AppliedCount++;
        LastApplied = new KafkaPosition(topic, partition, @event.Offset);
        return true;
    }

    /// <summary>The view as callers see it, or null when no event was applied.</summary>
    public OrderSnapshot? ToSnapshot() =>
        Order is { } order && LastApplied is { } lastApplied ? new OrderSnapshot(order, AppliedCount, lastApplied) : null;
}
