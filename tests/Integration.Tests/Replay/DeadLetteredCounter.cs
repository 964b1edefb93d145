using System.Diagnostics.Metrics;
using ActorViews.Streaming.Kafka.Diagnostics;

namespace ActorViews.Integration.Tests.Replay;

/// <summary>Counts <c>actorviews.kafka.events.dead_lettered</c> measurements for one topic, as a metrics exporter would see them.</summary>
internal sealed class DeadLetteredCounter : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _count;

    public DeadLetteredCounter(string topic)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == KafkaStreamMetrics.MeterName && instrument.Name == "actorviews.kafka.events.dead_lettered")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "messaging.destination.name" && Equals(tag.Value, topic))
                {
                    Interlocked.Add(ref _count, value);
                }
            }
        });
        _listener.Start();
    }

    public long Count => Interlocked.Read(ref _count);

    public void Dispose() => _listener.Dispose();
}
