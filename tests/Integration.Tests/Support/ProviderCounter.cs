using System.Diagnostics.Metrics;
using ActorViews.Streaming.Kafka.Diagnostics;

namespace ActorViews.Integration.Tests.Support;

/// <summary>Sums one of the provider's counters (e.g. <c>actorviews.kafka.events.dead_lettered</c>) for one topic, as a metrics exporter would see it.</summary>
internal sealed class ProviderCounter : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _count;

    public ProviderCounter(string instrument, string topic)
    {
        _listener.InstrumentPublished = (published, listener) =>
        {
            if (published.Meter.Name == KafkaStreamMetrics.MeterName && published.Name == instrument)
            {
                listener.EnableMeasurementEvents(published);
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
